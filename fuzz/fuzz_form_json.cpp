// The statistics form an admin PUTs (service/campaigns/form_json.cpp), read the way its handler
// reads it, and the stored form text read back. Property: an accepted form survives its
// own round trip (FormJson → ParseFormJson → FormJson gives the same JSON).
#include <nlohmann/json.hpp>

#include "service/campaigns/form_json.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  const std::string body = fuzz::AsString(data, size);
  service::FormFromStored(body);
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) return 0;
  auto form = service::ParseFormJson(j);
  if (!form) {
    fuzz::CheckRefusal(form.error());
    return 0;
  }
  const auto once = service::FormJson(*form);
  auto again = service::ParseFormJson(once);
  FUZZ_CHECK(again, "an accepted form parses again from its own JSON");
  FUZZ_CHECK(service::FormJson(*again) == once, "an accepted form round-trips");
  return 0;
}
