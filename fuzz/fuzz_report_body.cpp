// The bodies of a unit's report: draft values, submit explanations, review comments and
// per-field return reasons (http/json/report_json.cpp). First byte: which parser.
#include "http/json/report_json.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  std::string body = fuzz::AsString(data, size);
  switch (fuzz::TakeSelector(body) % 4) {
    case 0: fuzz::CheckParsed(http::ParseDraftBody(body)); break;
    case 1: fuzz::CheckParsed(http::ParseSubmitBody(body)); break;
    case 2: fuzz::CheckParsed(http::ParseReviewBody(body, true)); break;
    default: fuzz::CheckParsed(http::ParseReviewBody(body, false)); break;
  }
  return 0;
}
