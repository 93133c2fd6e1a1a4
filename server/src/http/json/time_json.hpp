#pragma once
// Times on the wire: ISO 8601 in Shanghai ("2023-05-20T09:00:00+08:00"), null when absent.
#include <optional>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace sciweek::http {

inline nlohmann::json TimeJson(std::optional<core::UnixTime> t) {
  return t ? nlohmann::json(core::FormatShanghai(*t)) : nlohmann::json(nullptr);
}

}  // namespace sciweek::http
