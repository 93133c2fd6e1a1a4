#pragma once
// The closed list of expected failures. Every layer returns these as values; only
// http/error_response.cpp turns them into a status and a wire code.
#include <string>
#include <string_view>
#include <vector>

namespace sciweek::core {

enum class ErrorCode {
  kInvalidInput,
  kUnauthenticated,
  kForbidden,
  kNotFound,
  kMethodNotAllowed,
  kConflict,
  kSlotFull,
  kDeadlinePassed,
  kPayloadTooLarge,
  kUnsupportedMedia,
  kValidationFailed,
  kRateLimited,
  kInternal,
  kUnavailable,
};

// The wire name of a code, e.g. "slot_full".
std::string_view CodeName(ErrorCode code);

// One problem with one field, for forms that mark each field.
struct FieldProblem {
  std::string field;
  std::string code;
  std::string message;  // Chinese, shown to the user
  int line = 0;         // for CSV imports: the 1-based line; 0 = not applicable
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;   // Chinese, shown to the user
  std::string field;     // the offending field, empty when none
  std::string internal;  // for the log only, never sent
  std::vector<FieldProblem> details;
  int retry_after_seconds = 0;  // for kRateLimited

  static Error Invalid(std::string message, std::string field = {});
  static Error NotFound(std::string message = "资源不存在");
  static Error Forbidden(std::string message = "没有权限执行此操作");
  static Error Unauthenticated(std::string message = "请先登录");
  static Error Conflict(std::string message, std::string field = {});
  static Error Validation(std::vector<FieldProblem> details, std::string message = "提交的数据未通过校验");
  static Error Internal(std::string internal);
  static Error MethodNotAllowed(std::string message);
  static Error SlotFull(std::string message);
  static Error DeadlinePassed(std::string message);
  static Error UnsupportedMedia(std::string message, std::string field = {}, std::string internal = {});
  // The content was read but is not what it claims to be (a broken video, a forged image).
  static Error Unreadable(std::string message, std::string field, std::string internal = {});
  static Error RateLimited(std::string message, int retry_after_seconds);
  // Busy or out of a resource now; worth retrying later.
  static Error Unavailable(std::string message, std::string field = {}, std::string internal = {});
  // A failure the user can see the cause of (`message`), with details for the log.
  static Error Failed(std::string message, std::string field, std::string internal);
};

}  // namespace sciweek::core
