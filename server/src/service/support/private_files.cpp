#include "service/support/private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace sciweek::service {
namespace fs = std::filesystem;
namespace {

// Writes `text` to a fresh file only this user may read, with O_EXCL (never follows or
// reuses anything already there), flushed to disk.
core::Status WriteNewPrivateFile(const std::string& path, const std::string& text) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return PrivateFileError("无法创建密钥文件", path);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(path.c_str());
      return PrivateFileError("无法写入密钥文件", path);
    }
    done += static_cast<size_t>(n);
  }
  const bool ok = ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return PrivateFileError("无法写入密钥文件", path);
  }
  return {};
}

std::string AsideName(const std::string& dir) { return dir + "/.tmp-" + core::RandomToken(9); }

}  // namespace

core::Error PrivateFileError(const std::string& message, const std::string& path) {
  core::Error e = core::Error::Invalid(message + "：" + path);
  e.internal = message + ": " + path + (errno ? std::string(" (") + std::strerror(errno) + ")" : "");
  return e;
}

core::Status EnsurePrivateDir(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    errno = 0;
    fs::create_directories(dir, ec);
    if (ec) return PrivateFileError("无法创建密钥目录", dir);
    ::chmod(dir.c_str(), 0700);
  }
  return {};
}

core::Result<std::string> ReadPrivateFile(const std::string& path) {
  struct stat st {};
  errno = 0;
  if (::lstat(path.c_str(), &st) != 0) return PrivateFileError("无法读取密钥文件", path);
  if (!S_ISREG(st.st_mode)) return PrivateFileError("密钥文件须为普通文件（不能是链接）", path);
  if ((st.st_mode & 0077) != 0) {
    std::ostringstream mode;
    mode << std::oct << (st.st_mode & 0777);
    errno = 0;
    return PrivateFileError("密钥文件权限为 0" + mode.str() + "，须为 0600（chmod 600）", path);
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

core::Status CreatePrivateFileOnce(const std::string& dir, const std::string& path, const std::string& text) {
  if (auto s = EnsurePrivateDir(dir); !s) return s.error();
  const std::string aside = AsideName(dir);
  if (auto s = WriteNewPrivateFile(aside, text); !s) return s.error();
  errno = 0;
  const bool linked = ::link(aside.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(aside.c_str());
  if (!linked) {
    errno = link_errno;
    if (link_errno == EEXIST) return core::Error::Conflict("密钥文件已存在：" + path);
    return PrivateFileError("无法创建密钥文件", path);
  }
  return {};
}

core::Status ReplacePrivateFile(const std::string& dir, const std::string& path, const std::string& text) {
  const std::string aside = AsideName(dir);
  if (auto s = WriteNewPrivateFile(aside, text); !s) return s.error();
  errno = 0;
  if (::rename(aside.c_str(), path.c_str()) != 0) {
    ::unlink(aside.c_str());
    return PrivateFileError("无法更新密钥文件", path);
  }
  return {};
}

}  // namespace sciweek::service
