#pragma once
// What every use case needs to know about the request that asked for it.
#include <string>

#include "core/time.hpp"
#include "domain/user.hpp"

namespace sciweek::service {

struct Ctx {
  const domain::Principal* principal = nullptr;  // null for anonymous requests
  std::string request_id;
  std::string ip;
  core::UnixTime now = 0;
  bool console = false;  // the operator at the server's console (CLI): acts as admin

  static Ctx Console() {
    Ctx ctx;
    ctx.console = true;
    ctx.request_id = "cli";
    ctx.now = core::Now();
    return ctx;
  }

  const std::string& actor() const {
    static const std::string kAnonymous = "anonymous", kConsole = "console";
    return principal ? principal->login : console ? kConsole : kAnonymous;
  }
};

}  // namespace sciweek::service
