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
Error Error::MethodNotAllowed(std::string message) {
  return Error{.code = ErrorCode::kMethodNotAllowed, .message = std::move(message)};
}
Error Error::SlotFull(std::string message) {
  return Error{.code = ErrorCode::kSlotFull, .message = std::move(message)};
}
Error Error::DeadlinePassed(std::string message) {
  return Error{.code = ErrorCode::kDeadlinePassed, .message = std::move(message)};
}
Error Error::UnsupportedMedia(std::string message, std::string field, std::string internal) {
  return Error{.code = ErrorCode::kUnsupportedMedia,
               .message = std::move(message),
               .field = std::move(field),
               .internal = std::move(internal)};
}
Error Error::Unreadable(std::string message, std::string field, std::string internal) {
  return Error{.code = ErrorCode::kValidationFailed,
               .message = std::move(message),
               .field = std::move(field),
               .internal = std::move(internal)};
}
Error Error::RateLimited(std::string message, int retry_after_seconds) {
  return Error{
      .code = ErrorCode::kRateLimited, .message = std::move(message), .retry_after_seconds = retry_after_seconds};
}
Error Error::Unavailable(std::string message, std::string field, std::string internal) {
  return Error{.code = ErrorCode::kUnavailable,
               .message = std::move(message),
               .field = std::move(field),
               .internal = std::move(internal)};
}
Error Error::Failed(std::string message, std::string field, std::string internal) {
  return Error{.code = ErrorCode::kInternal,
               .message = std::move(message),
               .field = std::move(field),
               .internal = std::move(internal)};
}

}  // namespace sciweek::core
