#include <gtest/gtest.h>

#include "domain/client_key.hpp"

namespace sciweek::domain {

TEST(ClientKey, Ipv4IsKeptAsIs) {
  EXPECT_EQ(ClientKey("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(ClientKey("127.0.0.1"), "127.0.0.1");
}

TEST(ClientKey, Ipv6CountsByItsSlash64) {
  EXPECT_EQ(ClientKey("2001:db8:1:2:a:b:c:d"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("2001:db8:1:2::ffff"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("2001:DB8:1:2:0:0:0:1"), "2001:db8:1:2::/64") << "one spelling per network";
  EXPECT_NE(ClientKey("2001:db8:1:3::1"), ClientKey("2001:db8:1:2::1"));
  EXPECT_EQ(ClientKey("[2001:db8:1:2::5]"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientKey("fe80::1%eth0"), "fe80::/64");
  EXPECT_EQ(ClientKey("::1"), "::/64");
}

TEST(ClientKey, Ipv4MappedIpv6CountsAsTheIpv4Address) {
  EXPECT_EQ(ClientKey("::ffff:198.51.100.9"), "198.51.100.9");
  EXPECT_EQ(ClientKey("::FFFF:c633:6409"), "198.51.100.9");
}

TEST(ClientKey, NonAddressesAreKeptButBounded) {
  EXPECT_EQ(ClientKey("unknown"), "unknown");
  EXPECT_EQ(ClientKey(std::string(200, 'x')).size(), 64u);
}

}  // namespace sciweek::domain
