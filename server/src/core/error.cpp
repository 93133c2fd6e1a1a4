#include "core/error.hpp"

namespace sciweek::core {

std::string_view CodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kSlotFull: return "slot_full";
    case ErrorCode::kDeadlinePassed: return "deadline_passed";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kUnsupportedMedia: return "unsupported_media";
    case ErrorCode::kValidationFailed: return "validation_failed";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kUnavailable: return "unavailable";
  }
  return "internal";
}

Error Error::Invalid(std::string message, std::string field) {
  return Error{ErrorCode::kInvalidInput, std::move(message), std::move(field), {}, {}, 0};
}
Error Error::NotFound(std::string message) { return Error{ErrorCode::kNotFound, std::move(message), {}, {}, {}, 0}; }
Error Error::Forbidden(std::string message) { return Error{ErrorCode::kForbidden, std::move(message), {}, {}, {}, 0}; }
Error Error::Unauthenticated(std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), {}, {}, {}, 0};
}
Error Error::Conflict(std::string message, std::string field) {
  return Error{ErrorCode::kConflict, std::move(message), std::move(field), {}, {}, 0};
}
Error Error::Validation(std::vector<FieldProblem> details, std::string message) {
  Error e{ErrorCode::kValidationFailed, std::move(message), {}, {}, std::move(details), 0};
  if (e.details.size() == 1) e.field = e.details.front().field;
  return e;
}
Error Error::Internal(std::string internal) {
  return Error{ErrorCode::kInternal, "服务器内部错误，请稍后重试", {}, std::move(internal), {}, 0};
}

}  // namespace sciweek::core
