#pragma once
// StatementCache — statements prepared once per connection and kept for the connection's life,
// for the hot path of the week: a reservation's reads and writes, and the audit row every
// write leaves. `sql << …` sends an unnamed statement that PostgreSQL parses and plans on every
// call, which was a third of its CPU under reservations (bench/RESULTS.md); a kept statement
// is parsed once and, after five runs, planned once. SQLite keeps its compiled program.
// Each kept statement holds memory on the database server, so only hot statements belong here.
//
// A kept statement is prepared again after kRenewFirst runs, then after twice as many runs
// each time, up to kRenewAtMost. PostgreSQL keeps a generic plan until the statistics of its
// tables change, and a plan made while a table was nearly empty (the first minutes of a new
// install's reservations, right after autovacuum analyzed a few hundred rows) scans it whole:
// kept, such a plan of the reservation's checks took 31 ms a run after 10 s of reservations
// (auto_explain), until the next ANALYZE. A new preparation plans with the table's size as
// it is now. Only a small table makes such a plan, and the statement's own runs are what
// grow it, so each renewal comes once the table has grown about as much again: often while
// it is young, seldom once it is large. A renewal costs a DEALLOCATE, a parse and five
// custom plans; at a fixed 200 runs that was about 9 % of PostgreSQL's CPU on a spread
// reservation (decision 0026's second amendment).
#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace soci {
class statement;
}  // namespace soci

namespace sciweek::store {

class StatementCache {
 public:
  // What the cache holds: a statement and the variables it is bound to (SOCI binds by
  // reference, so they live beside it, at a fixed address). T is made the first time it is
  // asked for, from the arguments of that call (Tx::Kept passes the transaction).
  struct Entry {
    Entry() = default;
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;
    virtual ~Entry() = default;
  };

  static constexpr unsigned kRenewFirst = 200;
  static constexpr unsigned kRenewAtMost = kRenewFirst << 8;  // 51,200 runs

  // A reference is good until the next Get of the same T.
  template <typename T, typename... Args>
  T& Get(Args&... args) {
    static const std::size_t slot = NextSlot();  // one per statement type, process-wide
    if (slots_.size() <= slot) slots_.resize(slot + 1);
    auto& s = slots_[slot];
    if (s.entry && ++s.uses > s.lifetime) {
      s.entry.reset();  // the old one goes first
      s.lifetime = std::min(2 * s.lifetime, kRenewAtMost);
    }
    if (!s.entry) {
      s.entry = std::make_unique<T>(args...);
      s.uses = 1;
    }
    return static_cast<T&>(*s.entry);
  }

  // Before the connection is reopened or closed: its statements go with it, and a new
  // connection renews them from kRenewFirst again.
  void Clear() { slots_.clear(); }

 private:
  static std::size_t NextSlot();
  struct Slot {
    std::unique_ptr<Entry> entry;
    unsigned uses = 0;
    unsigned lifetime = kRenewFirst;  // runs before the next renewal
  };
  std::vector<Slot> slots_;
};

// Runs a kept statement that yields at most one row, and says whether it yielded one. The
// statement is read to its end: on SQLite a statement left mid-step stays busy, and a busy
// write (UPDATE … RETURNING) makes the transaction's COMMIT fail. A second row is a bug in
// the statement, and throws.
bool RunKept(soci::statement& st);

}  // namespace sciweek::store
