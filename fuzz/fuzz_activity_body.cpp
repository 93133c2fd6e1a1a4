// The bodies of activities (create, update), reservations, check-ins and reject/cancel
// reasons (http/json/activity_json.cpp): the first byte picks the parser, the rest is the
// body. Each answers a value or a proper 4xx.
#include "http/json/activity_json.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  std::string body = fuzz::AsString(data, size);
  switch (fuzz::TakeSelector(body) % 5) {
    case 0: fuzz::CheckParsed(http::ParseActivityBody(body, false)); break;
    case 1: fuzz::CheckParsed(http::ParseActivityBody(body, true)); break;
    case 2: fuzz::CheckParsed(http::ParseReservationBody(body)); break;
    case 3: fuzz::CheckParsed(http::ParseCheckinBody(body)); break;
    default: fuzz::CheckParsed(http::ParseReasonBody(body)); break;
  }
  return 0;
}
