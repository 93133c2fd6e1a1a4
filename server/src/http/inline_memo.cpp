#include "http/inline_memo.hpp"

#include <atomic>

namespace sciweek::http {
namespace {

// Numbers the memos, so that a thread's table is never read for a memo it was not filled by
// (tests run several servers in one process; an address could be reused).
std::uint64_t NextMemoId() {
  static std::atomic<std::uint64_t> ids{0};
  return ++ids;
}

// What an answer holds a thread's table to.
size_t Weight(std::string_view target, const InlineMemo::Answer& a) {
  return target.size() + a.head_lines->size() + a.body->size() + (a.file ? a.file->size() : 0) + a.route.size();
}

}  // namespace

InlineMemo::InlineMemo() : id_(NextMemoId()) {}

InlineMemo::Table& InlineMemo::Mine() {
  thread_local Table table;
  if (table.owner != id_) {
    table = Table{};
    table.owner = id_;
  }
  return table;
}

const InlineMemo::Answer* InlineMemo::Find(std::string_view target, bool gzip, std::uint64_t epoch) {
  auto& map = Mine().by_target[gzip ? 1 : 0];
  auto it = map.find(target);
  return it != map.end() && it->second.epoch == epoch ? &it->second : nullptr;
}

void InlineMemo::Remember(std::string_view target, bool gzip, const Response& r, const std::string& route) {
  if (r.catalog_epoch == 0 || target.size() > kTargetBytes || !r.file_path.empty() || r.source) return;
  Answer a;
  a.epoch = r.catalog_epoch;
  a.status = r.status;
  a.body = r.shared_body ? r.shared_body : std::make_shared<const std::string>(r.body);
  std::string lines;
  for (const auto& [name, value] : r.headers) AppendHeaderLine(lines, name, value);
  a.head_lines = std::make_shared<const std::string>(std::move(lines));
  a.route = route;

  Table& t = Mine();
  auto& map = t.by_target[gzip ? 1 : 0];
  if (auto old = map.find(target); old != map.end()) {
    t.bytes -= Weight(target, old->second);
    t.files -= old->second.file ? 1 : 0;
    map.erase(old);
  }
  const bool large = a.body->size() >= kSendfileFrom;
  if (t.bytes + Weight(target, a) + (large ? a.body->size() : 0) > kTableBytes ||
      t.by_target[0].size() + t.by_target[1].size() >= kTableEntries) {
    const auto owner = t.owner;
    t = Table{};
    t.owner = owner;
  }
  if (large && t.files < kTableFiles) a.file = MemoryFile::Of(*a.body);
  t.files += a.file ? 1 : 0;
  t.bytes += Weight(target, a);
  t.by_target[gzip ? 1 : 0].emplace(std::string(target), std::move(a));
}

size_t InlineMemo::ThreadBytes() { return Mine().bytes; }

size_t InlineMemo::ThreadFiles() { return Mine().files; }

}  // namespace sciweek::http
