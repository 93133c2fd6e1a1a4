#include "domain/ticket_keys.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace sciweek::domain {
namespace {

constexpr std::string_view kFileHeader = "sciweek-ticket-key v1";

std::optional<long long> ParseNumber(std::string_view s) {
  long long v = 0;
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::vector<std::string> SplitOn(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      std::string part(s.substr(start, i - start));
      if (!part.empty() && part.back() == '\r') part.pop_back();
      out.push_back(std::move(part));
      start = i + 1;
    }
  return out;
}

core::Error Bad(const std::string& what) { return core::Error::Invalid("票务签名密钥格式错误：" + what); }

// Fills in and checks the public key: derived from the secret one when there is one.
core::Status CompleteKey(TicketKey& k) {
  if (!IsTicketKeyId(k.kid)) return Bad("kid 须为 k1、k2 …");
  if (!k.secret_key.empty()) {
    auto pk = core::PublicKeyOf(k.secret_key);
    if (!pk) return Bad(k.kid + " 的私钥无效");
    if (!k.public_key.empty() && k.public_key != *pk) return Bad(k.kid + " 的公钥与私钥不符");
    k.public_key = *pk;
  }
  auto raw = core::Base64UrlDecode(k.public_key);
  if (!raw || raw->size() != 32) return Bad(k.kid + " 的公钥无效");
  return {};
}

}  // namespace

bool IsTicketKeyId(std::string_view kid) {
  if (kid.size() < 2 || kid.size() > 10 || kid[0] != 'k' || kid[1] == '0') return false;
  return std::all_of(kid.begin() + 1, kid.end(), [](char c) { return c >= '0' && c <= '9'; });
}

long long TicketKeyNumber(std::string_view kid) {
  return IsTicketKeyId(kid) ? ParseNumber(kid.substr(1)).value_or(0) : 0;
}

std::string TicketKeyIdFor(long long number) { return "k" + std::to_string(number); }

std::string FormatTicketKeyFile(const TicketKey& key) {
  std::string out = std::string(kFileHeader) + "\n";
  out += "kid: " + key.kid + "\n";
  out += "created_at: " + std::to_string(key.created_at) + "\n";
  out += "public_key: " + key.public_key + "\n";
  if (!key.secret_key.empty()) out += "secret_key: " + key.secret_key + "\n";
  if (key.verify_until) out += "verify_until: " + std::to_string(*key.verify_until) + "\n";
  return out;
}

core::Result<TicketKey> ParseTicketKeyFile(std::string_view text) {
  TicketKey k;
  bool header = false;
  for (const auto& raw : SplitOn(text, '\n')) {
    const std::string line = core::Trim(raw);
    if (line.empty()) continue;
    if (!header) {
      if (line != kFileHeader) return Bad("文件头不是 " + std::string(kFileHeader));
      header = true;
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos) return Bad("行缺少冒号");
    const std::string name = core::Trim(line.substr(0, colon)), value = core::Trim(line.substr(colon + 1));
    if (name == "kid") {
      k.kid = value;
    } else if (name == "public_key") {
      k.public_key = value;
    } else if (name == "secret_key") {
      k.secret_key = value;
    } else if (name == "created_at" || name == "verify_until") {
      auto v = ParseNumber(value);
      if (!v) return Bad(name + " 须为 Unix 秒数");
      if (name == "created_at") k.created_at = *v;
      else k.verify_until = *v;
    } else {
      return Bad("未知字段 " + name);
    }
  }
  if (!header) return Bad("文件为空");
  if (auto s = CompleteKey(k); !s) return s.error();
  return k;
}

core::Result<std::vector<TicketKey>> ParseTicketKeysEnv(std::string_view text) {
  std::vector<TicketKey> out;
  for (const auto& raw : SplitOn(text, ',')) {
    const std::string entry = core::Trim(raw);
    if (entry.empty()) continue;
    auto parts = SplitOn(entry, ':');
    if (parts.size() < 2 || parts.size() > 3) return Bad("SCIWEEK_TICKET_KEYS 的条目须为 kid:私钥[:verify_until]");
    TicketKey k;
    k.kid = parts[0];
    k.secret_key = parts[1];
    if (parts.size() == 3) {
      auto v = ParseNumber(parts[2]);
      if (!v) return Bad("verify_until 须为 Unix 秒数");
      k.verify_until = *v;
    }
    if (auto s = CompleteKey(k); !s) return s.error();
    out.push_back(std::move(k));
  }
  return out;
}

std::string FormatTicketKeysEnv(const std::vector<TicketKey>& keys) {
  std::string out;
  for (const auto& k : keys) {
    if (k.secret_key.empty()) continue;  // a withdrawn key cannot be written as an entry
    if (!out.empty()) out += ",";
    out += k.kid + ":" + k.secret_key;
    if (k.verify_until) out += ":" + std::to_string(*k.verify_until);
  }
  return out;
}

core::Result<TicketKeyring> TicketKeyring::From(std::vector<TicketKey> keys) {
  std::set<std::string> seen;
  for (const auto& k : keys)
    if (!seen.insert(k.kid).second) return Bad("kid " + k.kid + " 重复");
  std::sort(keys.begin(), keys.end(),
            [](const TicketKey& a, const TicketKey& b) { return TicketKeyNumber(a.kid) > TicketKeyNumber(b.kid); });
  TicketKeyring ring;
  ring.keys_ = std::move(keys);
  // The newest key that is not retired and can sign; during a rotation two may be unretired
  // for a moment, and the newer one wins everywhere alike.
  for (size_t i = 0; i < ring.keys_.size(); ++i)
    if (!ring.keys_[i].retired() && !ring.keys_[i].secret_key.empty()) {
      ring.signing_ = i;
      return ring;
    }
  return Bad("没有可用于签发的密钥（全部已停用）");
}

const TicketKey* TicketKeyring::Verifier(std::string_view kid, core::UnixTime now) const {
  for (const auto& k : keys_)
    if (k.kid == kid) return k.VerifiesAt(now) ? &k : nullptr;
  return nullptr;
}

std::vector<TicketKey> TicketKeyring::Valid(core::UnixTime now) const {
  std::vector<TicketKey> out{signing()};
  for (size_t i = 0; i < keys_.size(); ++i)
    if (i != signing_ && keys_[i].VerifiesAt(now)) out.push_back(keys_[i]);
  return out;
}

}  // namespace sciweek::domain
