#include "service/visitors/data_key.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/crypto.hpp"
#include "service/support/private_files.hpp"

namespace sciweek::service {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr std::string_view kFileHeader = "sciweek-data-key v1\n";

core::Result<std::string> Decode(std::string_view text, const std::string& where) {
  const auto first = text.find_first_not_of(" \t\r\n"), last = text.find_last_not_of(" \t\r\n");
  if (first != std::string_view::npos) text = text.substr(first, last - first + 1);
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);  // padding, as basenc writes it
  auto raw = core::Base64UrlDecode(text);
  if (!raw || raw->size() != kKeyBytes)
    return core::Error::Invalid(where + " 须为 32 字节随机数的 base64url 编码（sciweek 首次启动时自动生成）");
  return *raw;
}

}  // namespace

std::string DataKeyPath(const std::string& data_dir) { return data_dir + "/keys/data.key"; }

std::string DataKey::Digest(std::string_view purpose, std::string_view data) const {
  // Length-prefixed, so no purpose and data can run into another pair's.
  std::string message = std::to_string(purpose.size()) + ":";
  message += purpose;
  message += data;
  return core::KeyedHashHex(raw_, message);
}

DataKey DataKey::ForTesting(std::string raw) {
  DataKey k;
  k.raw_ = std::move(raw);
  k.raw_.resize(kKeyBytes, '\0');
  return k;
}

core::Result<DataKey> DataKey::Load(const std::string& data_dir, bool create) {
  DataKey k;
  if (const char* env = std::getenv("SCIWEEK_DATA_KEY"); env && *env) {
    auto raw = Decode(env, "SCIWEEK_DATA_KEY");
    if (!raw) return raw.error();
    k.raw_ = std::move(*raw);
    return k;
  }
  const std::string path = DataKeyPath(data_dir);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (!create) return core::Error::Invalid("没有数据密钥：" + path);
    unsigned char fresh[kKeyBytes];
    core::RandomBytes(fresh, sizeof fresh);
    const std::string text =
        std::string(kFileHeader) +
        core::Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(fresh), sizeof fresh)) + "\n";
    auto made = CreatePrivateFileOnce(data_dir + "/keys", path, text);
    // Another process made it first: read theirs.
    if (!made && made.error().code != core::ErrorCode::kConflict) return made.error();
  }
  auto text = ReadPrivateFile(path);
  if (!text) return text.error();
  if (text->rfind(kFileHeader, 0) != 0) return core::Error::Invalid("数据密钥文件格式不对：" + path);
  auto raw = Decode(std::string_view(*text).substr(kFileHeader.size()), path);
  if (!raw) return raw.error();
  k.raw_ = std::move(*raw);
  return k;
}

}  // namespace sciweek::service
