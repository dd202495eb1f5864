#pragma once

#include <string>

#include <pistache/http_header.h>

namespace pinhole::http {

/// Headers Pistache 0.0.5 lacks. `headers().addRaw()` is never sent
/// (upstream bug), so each header we need is a small typed class.
#define PINHOLE_STRING_HEADER(class_name, header_name)                         \
  class class_name : public Pistache::Http::Header::Header {                   \
  public:                                                                      \
    NAME(header_name)                                                          \
    class_name() = default;                                                    \
    explicit class_name(std::string value) : value_(std::move(value)) {}       \
    void parse(const std::string& data) override { value_ = data; }            \
    void write(std::ostream& os) const override { os << value_; }              \
    const std::string& value() const { return value_; }                        \
                                                                               \
  private:                                                                     \
    std::string value_;                                                        \
  };

PINHOLE_STRING_HEADER(content_disposition, "Content-Disposition")
PINHOLE_STRING_HEADER(retry_after, "Retry-After")
PINHOLE_STRING_HEADER(etag, "ETag")
PINHOLE_STRING_HEADER(api_key, "X-API-KEY")
PINHOLE_STRING_HEADER(idempotency_key, "Idempotency-Key")

#undef PINHOLE_STRING_HEADER

} // namespace pinhole::http
