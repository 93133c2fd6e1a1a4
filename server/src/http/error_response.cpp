#include "http/error_response.hpp"

namespace sciweek::http {

int StatusFor(core::ErrorCode code) {
  using C = core::ErrorCode;
  switch (code) {
    case C::kInvalidInput: return 400;
    case C::kUnauthenticated: return 401;
    case C::kForbidden: return 403;
    case C::kNotFound: return 404;
    case C::kMethodNotAllowed: return 405;
    case C::kConflict:
    case C::kSlotFull:
    case C::kDeadlinePassed: return 409;
    case C::kPayloadTooLarge: return 413;
    case C::kUnsupportedMedia: return 415;
    case C::kValidationFailed: return 422;
    case C::kRateLimited: return 429;
    case C::kInternal: return 500;
    case C::kUnavailable: return 503;
  }
  return 500;
}

Response ErrorResponse(const core::Error& e) {
  nlohmann::json err = {{"code", core::CodeName(e.code)},
                        {"message", e.message},
                        {"field", e.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.field)}};
  if (!e.details.empty()) {
    nlohmann::json details = nlohmann::json::array();
    for (const auto& d : e.details) {
      nlohmann::json item = {{"field", d.field}, {"code", d.code}, {"message", d.message}};
      if (d.line > 0) item["line"] = d.line;
      details.push_back(std::move(item));
    }
    err["details"] = std::move(details);
  }
  Response r = Response::Json(StatusFor(e.code), {{"error", err}});
  if (e.code == core::ErrorCode::kRateLimited && e.retry_after_seconds > 0)
    r.SetHeader("Retry-After", std::to_string(e.retry_after_seconds));
  return r;
}

}  // namespace sciweek::http
