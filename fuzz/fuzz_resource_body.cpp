// The bodies of org units, campaigns and users, for POST and for PUT over a stored record
// (http/json/resource_json.cpp). First byte: which parser.
#include "http/json/resource_json.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  std::string body = fuzz::AsString(data, size);
  static const domain::OrgUnit unit{"110108", "海淀区科委", domain::OrgType::kOther, "", "张三", "13800000000", true,
                                    ""};
  static const domain::Campaign campaign = [] {
    domain::Campaign c;
    c.year = 2026;
    c.edition = 1;
    c.name = "2026 北京科技周";
    c.start_date = "2026-05-16";
    c.end_date = "2026-05-23";
    return c;
  }();
  switch (fuzz::TakeSelector(body) % 6) {
    case 0: fuzz::CheckParsed(http::ParseOrgBody(body, nullptr)); break;
    case 1: fuzz::CheckParsed(http::ParseOrgBody(body, &unit)); break;
    case 2: fuzz::CheckParsed(http::ParseCampaignBody(body, nullptr)); break;
    case 3: fuzz::CheckParsed(http::ParseCampaignBody(body, &campaign)); break;
    case 4: fuzz::CheckParsed(http::ParseNewUserBody(body)); break;
    default: fuzz::CheckParsed(http::ParseUserChangeBody(body)); break;
  }
  return 0;
}
