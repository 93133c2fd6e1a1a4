#include "core/crypto.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace sciweek::core {

void InitCrypto() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

std::string RandomToken(size_t bytes) {
  InitCrypto();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
}

void RandomBytes(unsigned char* out, size_t size) {
  InitCrypto();
  randombytes_buf(out, size);
}

unsigned RandomBelow(unsigned upper) {
  InitCrypto();
  return randombytes_uniform(upper);
}

std::string Base64UrlEncode(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  // One text per value: libsodium ignores the unused low bits of the last character, so
  // "…Q" and "…A" could both verify; a signature or key must have a single spelling.
  if (Base64UrlEncode(out) != text) return std::nullopt;
  return out;
}

SigningKeyPair NewSigningKeyPair() {
  InitCrypto();
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  SigningKeyPair kp{Base64UrlEncode({reinterpret_cast<const char*>(pk), sizeof pk}),
                    Base64UrlEncode({reinterpret_cast<const char*>(sk), sizeof sk})};
  sodium_memzero(sk, sizeof sk);
  return kp;
}

std::string SignDetached(std::string_view message, std::string_view secret_key_b64) {
  InitCrypto();
  auto sk = Base64UrlDecode(secret_key_b64);
  if (!sk || sk->size() != crypto_sign_SECRETKEYBYTES) return {};
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(sk->data()));
  sodium_memzero(sk->data(), sk->size());
  return Base64UrlEncode({reinterpret_cast<const char*>(sig), sizeof sig});
}

std::optional<std::string> PublicKeyOf(std::string_view secret_key_b64) {
  InitCrypto();
  auto sk = Base64UrlDecode(secret_key_b64);
  if (!sk || sk->size() != crypto_sign_SECRETKEYBYTES) return std::nullopt;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(pk, reinterpret_cast<const unsigned char*>(sk->data()));
  sodium_memzero(sk->data(), sk->size());
  return Base64UrlEncode({reinterpret_cast<const char*>(pk), sizeof pk});
}

bool VerifyDetached(std::string_view message, std::string_view signature_b64, std::string_view public_key_b64) {
  InitCrypto();
  auto sig = Base64UrlDecode(signature_b64);
  auto pk = Base64UrlDecode(public_key_b64);
  if (!sig || !pk || sig->size() != crypto_sign_BYTES || pk->size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                     reinterpret_cast<const unsigned char*>(pk->data())) == 0;
}

std::string Base64(std::string_view data) {
  InitCrypto();
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(data.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(), variant);
  out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
  return out;
}

std::string HexEncode(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  hex.pop_back();
  return hex;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr, &len,
                     &end) != 0 ||
      end != hex.data() + hex.size() || len != out.size())
    return std::nullopt;
  return out;
}

std::string Sha256Hex(std::string_view data) {
  InitCrypto();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string hex(crypto_hash_sha256_BYTES * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

Sha256Stream::Sha256Stream() : state_(std::make_unique<crypto_hash_sha256_state>()) {
  InitCrypto();
  crypto_hash_sha256_init(state_.get());
}

Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::Update(const void* data, size_t size) {
  crypto_hash_sha256_update(state_.get(), static_cast<const unsigned char*>(data), size);
}

std::string Sha256Stream::Hex() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(state_.get(), digest);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string KeyedHashHex(std::string_view key, std::string_view data) {
  InitCrypto();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  std::string hex(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sciweek::core
