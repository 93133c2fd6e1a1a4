#pragma once
// The one table that maps error codes to HTTP statuses, and the wire form of an error:
// {"error":{"code","message","field","details"?}}.
#include "core/error.hpp"
#include "http/message.hpp"

namespace sciweek::http {

int StatusFor(core::ErrorCode code);
Response ErrorResponse(const core::Error& error);

}  // namespace sciweek::http
