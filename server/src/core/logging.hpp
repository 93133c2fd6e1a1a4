#pragma once
// One logger for the process, spdlog underneath. Access lines and errors go through here.
#include <spdlog/spdlog.h>

#include <string_view>

namespace sciweek::core {

// level: trace|debug|info|warn|error. Writes to stderr with Shanghai-agnostic ISO times.
void InitLogging(std::string_view level);

}  // namespace sciweek::core
