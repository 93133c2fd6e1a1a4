#pragma once
// Verified phones over HTTP (service/visitors/phone_verification.hpp): asking for a code, signing in
// with it, and the sign-in's answer. The token goes back in the body once; later calls send it
// in the X-Visitor-Token header, never in a URL that proxies and access logs keep.
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/phone_code.hpp"
#include "service/visitors/phone_verification.hpp"

namespace sciweek::http {

struct CodeRequestBody {
  std::string phone;
  domain::CodePurpose purpose = domain::CodePurpose::kReserve;
};
// {"phone","purpose":"reserve"|"manage"|"erase"}
core::Result<CodeRequestBody> ParseCodeRequestBody(const std::string& body);

struct SignInBody {
  std::string phone;
  std::string code;
};
// {"phone","code"}: a sign-in, or an erasure request
core::Result<SignInBody> ParseSignInBody(const std::string& body);

// {"expires_in","resend_in"}
nlohmann::json CodeSentJson(const service::CodeSent& s);
// {"token","expires_at","phone"} — the phone masked: the page shows whose reservations these are.
nlohmann::json VisitorLoginJson(const service::VisitorLogin& l);

}  // namespace sciweek::http
