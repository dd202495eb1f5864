// CAF 0.17.6's OpenSSL transport (libcaf_openssl, as Debian 12 ships it)
// calls SSL_read, SSL_write, SSL_accept and SSL_connect without first
// emptying the thread's OpenSSL error queue, and only empties it when its
// logging is on. OpenSSL requires an empty queue before each of these
// calls, or SSL_get_error() reports an old error: on the coordinator, a
// peer refused for its certificate left an error that made the next read
// of a healthy worker's link fail, so every refused handshake dropped the
// established links. Upstream CAF fixed it by clearing the queue before
// each call (commit 2815cf2, caf-net); these definitions do the same for
// the Debian library. The executable's definitions take precedence over
// libssl's for every library in the process (libcurl included, for which
// clearing first is equally what OpenSSL asks).

#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

template<class Function>
Function next_definition(const char* name) {
  return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static auto real = next_definition<int (*)(SSL*, void*, int)>("SSL_read");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static auto real =
    next_definition<int (*)(SSL*, const void*, int)>("SSL_write");
  ERR_clear_error();
  return real(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static auto real = next_definition<int (*)(SSL*)>("SSL_accept");
  ERR_clear_error();
  return real(ssl);
}

int SSL_connect(SSL* ssl) {
  static auto real = next_definition<int (*)(SSL*)>("SSL_connect");
  ERR_clear_error();
  return real(ssl);
}

} // extern "C"
