// The bodies of activities (create, update), reservations, check-ins, reject/cancel reasons
// (http/json/activity_json.cpp), an offline desk's scans (http/json/desk_json.cpp), and the ID
// card a real-name reservation carries (domain/id_card.cpp): the first byte picks the parser,
// the rest is the body. Each answers a value or a proper 4xx.
#include "domain/id_card.hpp"
#include "http/json/activity_json.hpp"
#include "http/json/desk_json.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  std::string body = fuzz::AsString(data, size);
  switch (fuzz::TakeSelector(body) % 7) {
    case 0: fuzz::CheckParsed(http::ParseActivityBody(body, false)); break;
    case 1: fuzz::CheckParsed(http::ParseActivityBody(body, true)); break;
    case 2: fuzz::CheckParsed(http::ParseReservationBody(body)); break;
    case 3: fuzz::CheckParsed(http::ParseCheckinBody(body)); break;
    case 4: fuzz::CheckParsed(http::ParseReasonBody(body)); break;
    case 5: fuzz::CheckParsed(http::ParseDeskSyncBody(body)); break;
    default: {
      const auto card = domain::CheckIdCard(body, 1'796'270'400);
      // A card is either valid (18 characters, its last four shown) or has a problem, never both.
      if (card.problem.has_value() == !card.number.empty()) __builtin_trap();
      // A valid number is 18 characters and reads back as itself (normalizing is idempotent).
      if (!card.number.empty() &&
          (card.number.size() != 18 || domain::CheckIdCard(card.number, 1'796'270'400).number != card.number))
        __builtin_trap();
      break;
    }
  }
  return 0;
}
