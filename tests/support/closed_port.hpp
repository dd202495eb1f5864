#pragma once

namespace pinhole::test {

/// A port on 127.0.0.1 that nothing listens on (bound, read, closed).
int closed_port();

} // namespace pinhole::test
