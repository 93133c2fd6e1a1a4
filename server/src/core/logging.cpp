#include "core/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <string>

namespace sciweek::core {

void InitLogging(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("sciweek");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(std::string(level)));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace sciweek::core
