#pragma once
// What every use case needs to know about the request that asked for it.
#include <string>

#include "core/await.hpp"
#include "core/time.hpp"
#include "domain/user.hpp"

namespace sciweek::service {

struct Ctx {
  const domain::Principal* principal = nullptr;  // null for anonymous requests
  std::string request_id;
  std::string ip;
  core::UnixTime now = 0;
  bool console = false;  // the operator at the server's console (CLI): acts as admin
  // Set when the request is handled on an I/O thread, which must never wait (decision 0036):
  // whatever may block (a database statement) goes on through it, to a worker.
  core::HandOff to_worker;

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
