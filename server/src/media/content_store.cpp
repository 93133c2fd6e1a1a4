#include "media/content_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include "core/crypto.hpp"

namespace sciweek::media {
namespace {

namespace fs = std::filesystem;

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Closes on every path out of Commit, so an error never leaks a descriptor.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// mkdir -p with 0750: uploads are not for other users on the machine. Returns whether the
// last component was created (its parent then needs an fsync to make the entry durable).
bool EnsureDir(const fs::path& dir) {
  if (dir.empty() || fs::is_directory(dir)) return false;
  EnsureDir(dir.parent_path());
  if (::mkdir(dir.c_str(), 0750) != 0) {
    if (errno == EEXIST && fs::is_directory(dir)) return false;  // another thread won the race
    throw std::system_error(errno, std::generic_category(), "mkdir " + dir.string());
  }
  return true;
}

// A rename or a new entry is durable only once its directory is synced.
bool SyncDir(const fs::path& dir) {
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return d.fd >= 0 && ::fsync(d.fd) == 0;
}

bool IsDigest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

fs::path TempDir(const std::string& root) { return fs::path(root) / "tmp"; }

}  // namespace

// A store that cannot create its folder cannot accept any upload: fail at start-up (throw)
// rather than on the first request.
ContentStore::ContentStore(const std::string& root) : root_(fs::absolute(root).lexically_normal().string()) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
  EnsureDir(root_);
  EnsureDir(TempDir(root_));
}

// Random, not a counter: several server processes may share the folder (DESIGN §8).
std::string ContentStore::NewTempPath() const {
  EnsureDir(TempDir(root_));  // cheap; survives someone cleaning tmp/ while we run
  return (TempDir(root_) / (core::RandomToken(18) + ".part")).string();
}

core::Result<StoredFile> ContentStore::Commit(const std::string& temp_path) const {
  // Only our own temp files move in: anything else would let a caller plant arbitrary
  // files (or rename across filesystems, which is not atomic).
  if (fs::path(temp_path).lexically_normal().parent_path() != TempDir(root_)) {
    return core::Error::Internal("ContentStore::Commit: not a temp path of this store: " + temp_path);
  }
  Fd in(::open(temp_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (in.fd < 0) return core::Error::Internal(Errno("open", temp_path));

  // Stream through SHA-256: uploads may be hundreds of MB and must never sit in memory.
  core::Sha256Stream hash;
  std::vector<unsigned char> buf(1 << 17);
  std::uint64_t size = 0;
  for (;;) {
    const ssize_t n = ::read(in.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return core::Error::Internal(Errno("read", temp_path));
    if (n == 0) break;
    hash.Update(buf.data(), static_cast<size_t>(n));
    size += static_cast<std::uint64_t>(n);
  }
  const std::string hex = hash.Hex();

  StoredFile out{hex, size, PathFor(hex)};
  const fs::path dir = fs::path(out.path).parent_path();
  std::error_code ec;
  if (fs::exists(out.path, ec)) {
    // Same bytes already stored (content address): keep the old copy, drop the new one.
    ::unlink(temp_path.c_str());
    return out;
  }
  // Stored files are read by the server only; fsync before the rename so the name never
  // points at data that a crash could lose.
  ::fchmod(in.fd, 0640);
  if (::fsync(in.fd) != 0) return core::Error::Internal(Errno("fsync", temp_path));
  try {
    if (EnsureDir(dir)) SyncDir(root_);
  } catch (const std::system_error& e) {
    return core::Error::Internal(e.what());
  }
  // rename() replaces atomically: two concurrent commits of the same content both succeed
  // and leave identical bytes.
  if (::rename(temp_path.c_str(), out.path.c_str()) != 0) {
    return core::Error::Internal(Errno("rename", temp_path));
  }
  if (!SyncDir(dir)) return core::Error::Internal(Errno("fsync dir", dir.string()));
  return out;
}

// Only a well-formed digest becomes a path, so "../" or a NUL can never reach the filesystem.
std::string ContentStore::PathFor(const std::string& sha256) const {
  if (!IsDigest(sha256)) return {};
  return root_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

}  // namespace sciweek::media
