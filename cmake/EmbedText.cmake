# pinhole_embed_text(NAME SOURCE HEADER NAMESPACE): the committed file
# SOURCE (relative to the current source folder) built into the binary as
# `const char* NAMESPACE::NAME()`, declared in HEADER, generated as
# ${CMAKE_CURRENT_BINARY_DIR}/NAME.cpp (add that to a target). Editing
# SOURCE re-runs CMake, so the binary always holds the committed text.
set(PINHOLE_EMBED_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/embedded_text.cpp.in)
function(pinhole_embed_text NAME SOURCE HEADER NAMESPACE)
  file(READ ${CMAKE_CURRENT_SOURCE_DIR}/${SOURCE} EMBED_TEXT)
  set(EMBED_NAME ${NAME})
  set(EMBED_SOURCE ${SOURCE})
  set(EMBED_HEADER ${HEADER})
  set(EMBED_NAMESPACE ${NAMESPACE})
  configure_file(${PINHOLE_EMBED_TEMPLATE}
                 ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.cpp @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${SOURCE})
endfunction()
