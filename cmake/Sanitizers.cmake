# -DPINHOLE_SANITIZE=address,undefined builds everything with those sanitizers.
set(PINHOLE_SANITIZE "" CACHE STRING "Comma-separated sanitizers (e.g. address,undefined)")
if(PINHOLE_SANITIZE)
  add_compile_options(-fsanitize=${PINHOLE_SANITIZE} -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${PINHOLE_SANITIZE})
endif()
