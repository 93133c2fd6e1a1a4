#pragma once
// Bytes kept in an anonymous in-memory file (memfd), so that a socket can be sent them with
// sendfile: the kernel hands the pages to the socket instead of copying them from the
// process (large remembered calendar pages, http/inline_memo.hpp; decision 0033).
#include <cstddef>
#include <memory>
#include <string_view>

namespace sciweek::http {

class MemoryFile {
 public:
  // A sealed file holding `bytes`; nullptr when the kernel will not make one (the caller then
  // sends from memory as before).
  static std::shared_ptr<const MemoryFile> Of(std::string_view bytes);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  int fd() const { return fd_; }
  size_t size() const { return size_; }

 private:
  MemoryFile(int fd, size_t size) : fd_(fd), size_(size) {}
  int fd_;
  size_t size_;
};

}  // namespace sciweek::http
