#include "domain/ticket_keys.hpp"

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace sciweek::domain {
namespace {

TicketKey NewKey(const std::string& kid, std::optional<core::UnixTime> until = std::nullopt) {
  const auto pair = core::NewSigningKeyPair();
  return {kid, pair.public_key, pair.secret_key, 1700000000, until};
}

TEST(TicketKeys, KidsAreNumberedAndSafeInACode) {
  EXPECT_TRUE(IsTicketKeyId("k1"));
  EXPECT_TRUE(IsTicketKeyId("k123"));
  for (const char* bad : {"", "k", "k0", "k01", "K1", "kx", "k1.2", "k12345678901"})
    EXPECT_FALSE(IsTicketKeyId(bad)) << bad;
  EXPECT_EQ(TicketKeyNumber("k17"), 17);
  EXPECT_EQ(TicketKeyNumber("nope"), 0);
  EXPECT_EQ(TicketKeyIdFor(3), "k3");
}

TEST(TicketKeys, AKeyFileRoundTripsAndItsPublicKeyMustMatchTheSecret) {
  auto key = NewKey("k2", 1800000000);
  auto back = ParseTicketKeyFile(FormatTicketKeyFile(key));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->kid, "k2");
  EXPECT_EQ(back->public_key, key.public_key);
  EXPECT_EQ(back->secret_key, key.secret_key);
  EXPECT_EQ(back->verify_until, 1800000000);
  auto other = NewKey("k2");
  key.public_key = other.public_key;
  EXPECT_FALSE(ParseTicketKeyFile(FormatTicketKeyFile(key))) << "mismatched halves";
  EXPECT_FALSE(ParseTicketKeyFile("not a key file\nkid: k1\n"));
  EXPECT_FALSE(ParseTicketKeyFile(""));
  // A withdrawn key keeps only its public half and still parses.
  auto withdrawn = NewKey("k1", 1);
  withdrawn.secret_key.clear();
  auto w = ParseTicketKeyFile(FormatTicketKeyFile(withdrawn));
  ASSERT_TRUE(w);
  EXPECT_TRUE(w->secret_key.empty());
}

TEST(TicketKeys, TheEnvironmentFormRoundTripsAndRefusesNonsense) {
  std::vector<TicketKey> keys{NewKey("k2"), NewKey("k1", 1800000000)};
  auto back = ParseTicketKeysEnv(FormatTicketKeysEnv(keys));
  ASSERT_TRUE(back);
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[1].verify_until, 1800000000);
  EXPECT_EQ((*back)[0].public_key, keys[0].public_key);
  EXPECT_FALSE(ParseTicketKeysEnv("k1"));
  EXPECT_FALSE(ParseTicketKeysEnv("k1:notakey"));
  EXPECT_FALSE(ParseTicketKeysEnv("x:" + keys[0].secret_key));
  EXPECT_FALSE(ParseTicketKeysEnv("k1:" + keys[0].secret_key + ":soon"));
}

TEST(TicketKeys, TheNewestUnretiredKeySignsAndRetiredOnesVerifyUntilTheirDate) {
  auto ring = TicketKeyring::From({NewKey("k1", 1000), NewKey("k3"), NewKey("k2", 2000)});
  ASSERT_TRUE(ring);
  EXPECT_EQ(ring->signing().kid, "k3");
  EXPECT_TRUE(ring->Verifier("k2", 2000));
  EXPECT_FALSE(ring->Verifier("k2", 2001)) << "past its date";
  EXPECT_FALSE(ring->Verifier("k9", 0)) << "unknown";
  auto valid = ring->Valid(1500);
  ASSERT_EQ(valid.size(), 2u);
  EXPECT_EQ(valid[0].kid, "k3");
  EXPECT_EQ(valid[1].kid, "k2");
  EXPECT_FALSE(TicketKeyring::From({NewKey("k1", 5)})) << "nothing left to sign with";
  EXPECT_FALSE(TicketKeyring::From({NewKey("k1"), NewKey("k1")})) << "one kid twice";
  EXPECT_EQ(TicketKeyring::From({NewKey("k1"), NewKey("k2")})->signing().kid, "k2") << "mid-rotation, the newer signs";
}

}  // namespace
}  // namespace sciweek::domain
