#define BOOST_TEST_MODULE secret_box
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "plugins/common/secrets/secret_box.hpp"
#include "tests/support/test_secret_box.hpp"

using namespace pinhole;
using secrets::secret_box;
using secrets::secret_box_error;

namespace {

std::string fresh_dir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("pinhole-secret-box-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

} // namespace

BOOST_AUTO_TEST_CASE(what_is_sealed_opens_with_the_same_key_and_context) {
  auto box = test::test_secret_box();
  auto sealed = box.seal("the secret", "cap_1");
  BOOST_TEST(std::string(sealed.begin(), sealed.end()).find("the secret") ==
             std::string::npos);
  BOOST_TEST(box.open(sealed, "cap_1") == "the secret");
  // A fresh nonce each time: equal secrets do not look equal.
  BOOST_TEST((box.seal("the secret", "cap_1") != sealed));
}

BOOST_AUTO_TEST_CASE(another_key_another_context_or_a_changed_byte_fail) {
  auto sealed = test::test_secret_box(1).seal("the secret", "cap_1");
  BOOST_CHECK_THROW(test::test_secret_box(2).open(sealed, "cap_1"),
                    secret_box_error);
  BOOST_CHECK_THROW(test::test_secret_box(1).open(sealed, "cap_2"),
                    secret_box_error);
  sealed[14] ^= 1;
  BOOST_CHECK_THROW(test::test_secret_box(1).open(sealed, "cap_1"),
                    secret_box_error);
  BOOST_CHECK_THROW(test::test_secret_box(1).open({1, 2, 3}, "cap_1"),
                    secret_box_error);
}

BOOST_AUTO_TEST_CASE(a_missing_key_file_is_made_private_and_then_kept) {
  auto path = fresh_dir() + "/keys/secrets.key";
  auto first = secret_box::from_key_file(path);
  struct stat info {};
  BOOST_REQUIRE(::stat(path.c_str(), &info) == 0);
  BOOST_TEST((info.st_mode & 0777) == 0600);
  auto sealed = first.seal("kept", "cap_1");
  // Read again (a restart): the same key.
  BOOST_TEST(secret_box::from_key_file(path).open(sealed, "cap_1") == "kept");
}

BOOST_AUTO_TEST_CASE(a_key_file_without_a_key_is_refused_naming_it) {
  auto dir = fresh_dir();
  std::filesystem::create_directories(dir);
  auto path = dir + "/bad.key";
  std::ofstream{path} << "not hex at all\n";
  try {
    secret_box::from_key_file(path);
    BOOST_ERROR("a key file without a key was accepted");
  } catch (const secret_box_error& e) {
    BOOST_TEST(std::string{e.what()}.find(path) != std::string::npos, e.what());
  }
}
