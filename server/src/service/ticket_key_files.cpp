#include "service/ticket_key_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"
#include "core/time.hpp"

namespace sciweek::service {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPrefix = "ticket-";
constexpr const char* kSuffix = ".key";

core::Error Failed(const std::string& message, const std::string& path) {
  core::Error e = core::Error::Invalid(message + "：" + path);
  e.internal = message + ": " + path + (errno ? std::string(" (") + std::strerror(errno) + ")" : "");
  return e;
}

// Writes `text` to a fresh file only this user may read, with O_EXCL (never follows or
// reuses anything already there), flushed to disk.
core::Status WritePrivateFile(const std::string& path, const std::string& text) {
  errno = 0;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Failed("无法创建密钥文件", path);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ::unlink(path.c_str());
      return Failed("无法写入密钥文件", path);
    }
    done += static_cast<size_t>(n);
  }
  const bool ok = ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return Failed("无法写入密钥文件", path);
  }
  return {};
}

std::string AsideName(const std::string& dir, const std::string& kid) {
  return dir + "/.tmp-" + kid + "-" + core::RandomToken(9);
}

core::Status EnsureDir(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return Failed("无法创建密钥目录", dir);
    ::chmod(dir.c_str(), 0700);
  }
  return {};
}

core::Result<domain::TicketKey> ReadKeyFile(const fs::path& path, const std::string& kid) {
  struct stat st {};
  errno = 0;
  if (::lstat(path.c_str(), &st) != 0) return Failed("无法读取密钥文件", path.string());
  if (!S_ISREG(st.st_mode)) return Failed("密钥文件须为普通文件（不能是链接）", path.string());
  if ((st.st_mode & 0077) != 0) {
    std::ostringstream mode;
    mode << std::oct << (st.st_mode & 0777);
    errno = 0;
    return Failed("密钥文件权限为 0" + mode.str() + "，须为 0600（chmod 600）", path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto key = domain::ParseTicketKeyFile(text.str());
  if (!key) {
    errno = 0;
    return Failed(key.error().message, path.string());
  }
  if (key->kid != kid) {
    errno = 0;
    return Failed("密钥文件名与其中的 kid 不符", path.string());
  }
  return key;
}

core::Result<std::vector<domain::TicketKey>> ReadKeyDir(const std::string& dir) {
  std::vector<domain::TicketKey> keys;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0 || name.size() <= std::strlen(kPrefix) + std::strlen(kSuffix) ||
        name.substr(name.size() - std::strlen(kSuffix)) != kSuffix)
      continue;
    const std::string kid =
        name.substr(std::strlen(kPrefix), name.size() - std::strlen(kPrefix) - std::strlen(kSuffix));
    auto key = ReadKeyFile(entry.path(), kid);
    if (!key) return key.error();
    keys.push_back(std::move(*key));
  }
  if (ec) {
    errno = 0;
    return Failed("无法读取密钥目录", dir);
  }
  return keys;
}

}  // namespace

std::string TicketKeySource::Describe() const { return from_env ? std::string("SCIWEEK_TICKET_KEYS") : dir; }

TicketKeySource TicketKeySourceFor(const std::string& data_dir) {
  TicketKeySource s;
  s.dir = data_dir + "/keys";
  if (const char* env = std::getenv("SCIWEEK_TICKET_KEYS"); env && *env) {
    s.from_env = true;
    s.env = env;
  }
  return s;
}

std::string TicketKeyPath(const std::string& dir, const std::string& kid) {
  return dir + "/" + kPrefix + kid + kSuffix;
}

core::Status CreateTicketKeyFile(const std::string& dir, const domain::TicketKey& key) {
  if (auto s = EnsureDir(dir); !s) return s.error();
  // Written whole under a private name, then linked into place: link() fails when the name
  // exists, so of several processes exactly one key wins and nobody reads half a file.
  const std::string aside = AsideName(dir, key.kid), path = TicketKeyPath(dir, key.kid);
  if (auto s = WritePrivateFile(aside, domain::FormatTicketKeyFile(key)); !s) return s.error();
  errno = 0;
  const bool linked = ::link(aside.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(aside.c_str());
  if (!linked) {
    errno = link_errno;
    if (link_errno == EEXIST) return core::Error::Conflict("密钥 " + key.kid + " 已存在：" + path);
    return Failed("无法创建密钥文件", path);
  }
  return {};
}

core::Status ReplaceTicketKeyFile(const std::string& dir, const domain::TicketKey& key) {
  const std::string aside = AsideName(dir, key.kid), path = TicketKeyPath(dir, key.kid);
  if (auto s = WritePrivateFile(aside, domain::FormatTicketKeyFile(key)); !s) return s.error();
  errno = 0;
  if (::rename(aside.c_str(), path.c_str()) != 0) {
    ::unlink(aside.c_str());
    return Failed("无法更新密钥文件", path);
  }
  return {};
}

core::Result<domain::TicketKeyring> LoadTicketKeys(const TicketKeySource& source, bool create_first) {
  if (source.from_env) {
    auto keys = domain::ParseTicketKeysEnv(source.env);
    if (!keys) return keys.error();
    return domain::TicketKeyring::From(std::move(*keys));
  }
  if (auto s = EnsureDir(source.dir); !s) return s.error();
  auto keys = ReadKeyDir(source.dir);
  if (!keys) return keys.error();
  if (keys->empty() && create_first) {
    const auto pair = core::NewSigningKeyPair();
    domain::TicketKey first{domain::TicketKeyIdFor(1), pair.public_key, pair.secret_key, core::Now(), std::nullopt};
    auto made = CreateTicketKeyFile(source.dir, first);
    if (!made && made.error().code != core::ErrorCode::kConflict) return made.error();
    keys = ReadKeyDir(source.dir);  // ours, or the one another process linked first
    if (!keys) return keys.error();
  }
  if (keys->empty()) return core::Error::Invalid("没有票务签名密钥：" + source.dir);
  return domain::TicketKeyring::From(std::move(*keys));
}

}  // namespace sciweek::service
