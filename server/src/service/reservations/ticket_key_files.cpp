#include "service/reservations/ticket_key_files.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "service/support/private_files.hpp"

namespace sciweek::service {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPrefix = "ticket-";
constexpr const char* kSuffix = ".key";

core::Result<domain::TicketKey> ReadKeyFile(const fs::path& path, const std::string& kid) {
  auto text = ReadPrivateFile(path.string());
  if (!text) return text.error();
  auto key = domain::ParseTicketKeyFile(*text);
  if (!key) {
    errno = 0;
    return PrivateFileError(key.error().message, path.string());
  }
  if (key->kid != kid) {
    errno = 0;
    return PrivateFileError("密钥文件名与其中的 kid 不符", path.string());
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
    return PrivateFileError("无法读取密钥目录", dir);
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
  auto made = CreatePrivateFileOnce(dir, TicketKeyPath(dir, key.kid), domain::FormatTicketKeyFile(key));
  if (!made && made.error().code == core::ErrorCode::kConflict)
    return core::Error::Conflict("密钥 " + key.kid + " 已存在：" + TicketKeyPath(dir, key.kid));
  return made;
}

core::Status ReplaceTicketKeyFile(const std::string& dir, const domain::TicketKey& key) {
  return ReplacePrivateFile(dir, TicketKeyPath(dir, key.kid), domain::FormatTicketKeyFile(key));
}

core::Result<domain::TicketKeyring> LoadTicketKeys(const TicketKeySource& source, bool create_first) {
  if (source.from_env) {
    auto keys = domain::ParseTicketKeysEnv(source.env);
    if (!keys) return keys.error();
    return domain::TicketKeyring::From(std::move(*keys));
  }
  if (auto s = EnsurePrivateDir(source.dir); !s) return s.error();
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
