#pragma once
// A bare TCP connection to the server under test, for what HttpClient cannot say: a request
// sent only up to its headers, a stalled upload, a connection held open and idle, a path
// sent byte for byte as written (no normalisation). POSIX sockets, blocking with timeouts.
#include <chrono>
#include <string>

namespace sciweek::test {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port (check ok()); a receive buffer of that many bytes when not 0,
  // so that a client that does not read fills the server's socket soon.
  explicit RawConnection(unsigned short port, int receive_buffer = 0);
  ~RawConnection();
  RawConnection(RawConnection&& other) noexcept;
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  RawConnection& operator=(RawConnection&&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Send(const std::string& bytes);
  // What arrives within `wait` (stops early once `until` appears, or at end of stream).
  std::string Read(std::chrono::milliseconds wait, const std::string& until = "\r\n\r\n");
  // True when the server closes (or resets) the connection within `wait` without sending
  // a byte more than `Read` already took.
  bool ClosedWithin(std::chrono::milliseconds wait);
  void Close();

 private:
  int fd_ = -1;
};

// The status code of the first response line in `raw` ("HTTP/1.1 401 …" → 401), 0 if none.
int StatusOf(const std::string& raw);
// The body after the first blank line of `raw`.
std::string BodyOf(const std::string& raw);

}  // namespace sciweek::test
