#pragma once
// Argon2id password hashing (libsodium's crypto_pwhash_str, interactive limits).
#include <string>
#include <string_view>

namespace sciweek::service {

std::string HashPassword(std::string_view password);
bool VerifyPassword(const std::string& hash, std::string_view password);

}  // namespace sciweek::service
