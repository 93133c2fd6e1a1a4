#pragma once
// What /healthz and /metrics say about the database: whether it answers, and how busy the
// connection pool is. The HTTP layer reaches the database only through services (issue 14),
// so even a ping goes through here.
#include <cstddef>

#include "store/db.hpp"

namespace sciweek::service {

struct DatabasePool {
  size_t size = 0;    // connections open
  size_t in_use = 0;  // of them, lent to a transaction now
};

class HealthService {
 public:
  explicit HealthService(store::Db& db) : db_(db) {}

  bool DatabaseReachable() { return db_.Ping(); }
  DatabasePool Pool() {
    const auto stats = db_.Stats();
    return {stats.size, stats.in_use};
  }
  store::Db::GroupStats GroupCommit() { return db_.GroupCommitStats(); }

 private:
  store::Db& db_;
};

}  // namespace sciweek::service
