#pragma once
// A response body produced while it is sent: the reader pulls the next bytes into its own
// buffer, so a download of any size goes out at constant memory. Its length is known before
// the first byte (sent as Content-Length). Read is called from one thread at a time.
#include <cstddef>
#include <cstdint>

namespace sciweek::core {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The exact number of bytes Read will deliver in total.
  virtual std::uint64_t Size() const = 0;
  // Fills up to `capacity` bytes and returns how many; 0 only at the end. Throws when the
  // bytes can no longer be produced (a file vanished): the sender then drops the connection,
  // since the promised length cannot be kept.
  virtual std::size_t Read(char* out, std::size_t capacity) = 0;
};

}  // namespace sciweek::core
