#pragma once
// StatementCache — statements prepared once per connection and kept for the connection's life,
// for the hot path of the week: a reservation's reads and writes, and the audit row every
// write leaves. `sql << …` sends an unnamed statement that PostgreSQL parses and plans on every
// call, which was a third of its CPU under reservations (bench/RESULTS.md); a kept statement
// is parsed once and, after five runs, planned once. SQLite keeps its compiled program.
// Each kept statement holds memory on the database server, so only hot statements belong here.
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

  template <typename T, typename... Args>
  T& Get(Args&... args) {
    static const std::size_t slot = NextSlot();  // one per statement type, process-wide
    if (entries_.size() <= slot) entries_.resize(slot + 1);
    auto& entry = entries_[slot];
    if (!entry) entry = std::make_unique<T>(args...);
    return static_cast<T&>(*entry);
  }

  // Before the connection is reopened or closed: its statements go with it.
  void Clear() { entries_.clear(); }

 private:
  static std::size_t NextSlot();
  std::vector<std::unique_ptr<Entry>> entries_;
};

// Runs a kept statement that yields at most one row, and says whether it yielded one. The
// statement is read to its end: on SQLite a statement left mid-step stays busy, and a busy
// write (UPDATE … RETURNING) makes the transaction's COMMIT fail. A second row is a bug in
// the statement, and throws.
bool RunKept(soci::statement& st);

}  // namespace sciweek::store
