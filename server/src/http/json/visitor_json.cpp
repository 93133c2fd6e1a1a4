#include "http/json/visitor_json.hpp"

#include "core/time.hpp"
#include "domain/reservation.hpp"
#include "http/json/json_input.hpp"

namespace sciweek::http {

core::Result<CodeRequestBody> ParseCodeRequestBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  CodeRequestBody out;
  out.phone = in->String("phone", true, 40).value_or("");
  if (auto p = in->String("purpose", true, 20)) {
    if (auto purpose = domain::ParseCodePurpose(*p)) out.purpose = *purpose;
    else in->AddProblem("purpose", "invalid", "purpose 须为 reserve、manage 或 erase");
  }
  if (auto st = in->Finish(); !st) return st.error();
  return out;
}

core::Result<SignInBody> ParseSignInBody(const std::string& body) {
  auto in = JsonInput::Parse(body);
  if (!in) return in.error();
  SignInBody out;
  out.phone = in->String("phone", true, 40).value_or("");
  out.code = in->String("code", true, 20).value_or("");
  if (auto st = in->Finish(); !st) return st.error();
  return out;
}

nlohmann::json CodeSentJson(const service::CodeSent& s) {
  return {{"expires_in", s.expires_in}, {"resend_in", s.resend_in}};
}

nlohmann::json VisitorLoginJson(const service::VisitorLogin& l) {
  return {
      {"token", l.token}, {"expires_at", core::FormatShanghai(l.expires_at)}, {"phone", domain::MaskPhone(l.phone)}};
}

}  // namespace sciweek::http
