#include "http/memory_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace sciweek::http {

std::shared_ptr<const MemoryFile> MemoryFile::Of(std::string_view bytes) {
  const int fd = ::memfd_create("sciweek-answer", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return nullptr;
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return nullptr;
    }
    written += static_cast<size_t>(n);
  }
  // Sealed: what every connection sends stays the bytes the answer was made of.
  ::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return std::shared_ptr<const MemoryFile>(new MemoryFile(fd, bytes.size()));
}

MemoryFile::~MemoryFile() { ::close(fd_); }

}  // namespace sciweek::http
