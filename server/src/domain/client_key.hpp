#pragma once
// Which client a request counts as, for limits keyed by address (login throttling). One
// IPv6 subscriber usually holds a whole /64 and can pick a fresh address from it for each
// request, so an IPv6 address counts by its /64; an IPv4-mapped IPv6 address
// (::ffff:1.2.3.4, what a dual-stack socket reports) counts as the IPv4 address it carries.
#include <string>
#include <string_view>

namespace sciweek::domain {

// "1.2.3.4" → "1.2.3.4"; "2001:db8:1:2:a:b:c:d" → "2001:db8:1:2::/64";
// "::ffff:1.2.3.4" → "1.2.3.4". Anything that is not an address (a proxy's "unknown")
// is kept as given, cut to 64 bytes.
std::string ClientKey(std::string_view address);

}  // namespace sciweek::domain
