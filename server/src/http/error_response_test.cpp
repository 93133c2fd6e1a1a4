#include "http/error_response.hpp"

#include <gtest/gtest.h>

namespace sciweek::http {

TEST(ErrorResponse, MapsEveryCodeToItsStatusAndWireName) {
  struct Case {
    core::ErrorCode code;
    int status;
    const char* wire;
  };
  const Case cases[] = {
      {core::ErrorCode::kInvalidInput, 400, "invalid_input"},
      {core::ErrorCode::kUnauthenticated, 401, "unauthenticated"},
      {core::ErrorCode::kForbidden, 403, "forbidden"},
      {core::ErrorCode::kNotFound, 404, "not_found"},
      {core::ErrorCode::kMethodNotAllowed, 405, "method_not_allowed"},
      {core::ErrorCode::kConflict, 409, "conflict"},
      {core::ErrorCode::kSlotFull, 409, "slot_full"},
      {core::ErrorCode::kDeadlinePassed, 409, "deadline_passed"},
      {core::ErrorCode::kPayloadTooLarge, 413, "payload_too_large"},
      {core::ErrorCode::kUnsupportedMedia, 415, "unsupported_media"},
      {core::ErrorCode::kValidationFailed, 422, "validation_failed"},
      {core::ErrorCode::kRateLimited, 429, "rate_limited"},
      {core::ErrorCode::kInternal, 500, "internal"},
      {core::ErrorCode::kUnavailable, 503, "unavailable"},
  };
  for (const auto& c : cases) {
    Response r = ErrorResponse({c.code, "消息", "", "secret detail", {}, 0});
    EXPECT_EQ(r.status, c.status) << c.wire;
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], c.wire);
    EXPECT_EQ(body["error"]["message"], "消息");
    EXPECT_TRUE(body["error"]["field"].is_null());
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << "internal detail must not leak";
  }
}

TEST(ErrorResponse, ValidationCarriesDetailsAndRateLimitRetryAfter) {
  auto v = ErrorResponse(core::Error::Validation({{"name", "required", "缺少", 3}}));
  auto body = nlohmann::json::parse(v.body);
  EXPECT_EQ(body["error"]["field"], "name");
  EXPECT_EQ(body["error"]["details"][0]["line"], 3);
  core::Error rl{core::ErrorCode::kRateLimited, "稍后", "", "", {}, 120};
  auto r = ErrorResponse(rl);
  bool found = false;
  for (auto& [k, val] : r.headers) found |= k == "Retry-After" && val == "120";
  EXPECT_TRUE(found);
}

}  // namespace sciweek::http
