#pragma once
// Inside the public catalog: the snapshot both halves share. public_catalog.cpp builds and
// refreshes it (and caches rendered answers); public_catalog_answers.cpp renders the public
// answers from it. Nothing outside service/activities includes this.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/activity.hpp"
#include "domain/campaign.hpp"
#include "domain/org_unit.hpp"
#include "service/activities/public_catalog.hpp"

namespace sciweek::service {

struct PublicCatalog::Snapshot {
  struct Item {
    domain::Activity activity;
    std::string lead_name, district_name;
    domain::OrgType lead_type = domain::OrgType::kOther;
    std::string search_text;   // lower-cased title, venue, address, description, lead unit
    std::string summary_head;  // the list item's JSON object without its closing brace
    nlohmann::json detail;     // sessions without "remaining" (added per request)
  };
  std::vector<Item> items;  // by start time
  std::unordered_map<long long, size_t> by_id;
  // Places per session: `remaining` is the only part that changes between rebuilds. Each
  // reading carries the session's seats_version (raised by every statement that changes its
  // places, migration 0019), and both live in one atomic word, so a reading applied late
  // (threads finish in any order, another node reads) never overwrites a newer one. A
  // reservation shows what its own UPDATE … RETURNING left, a cancellation what it reads
  // after its commit (issue 13, freshness).
  struct Seats {
    static constexpr int kRemainingBits = 24;  // capacities are at most 1,000,000
    static constexpr std::uint64_t kRemainingMask = (std::uint64_t{1} << kRemainingBits) - 1;
    int capacity = 0;
    mutable std::atomic<std::uint64_t> state{0};
    Seats(int c, int r, long long version) : capacity(c), state(Pack(version, r)) {}
    // The version (domain::Session::seats_version) above, the remaining places below.
    static std::uint64_t Pack(long long version, int remaining) {
      return static_cast<std::uint64_t>(version) << kRemainingBits |
             (static_cast<std::uint64_t>(std::max(remaining, 0)) & kRemainingMask);
    }
    int Remaining() const { return static_cast<int>(state.load(std::memory_order_acquire) & kRemainingMask); }
    // Shows the places read at `version` unless a newer reading is shown; whether the number
    // changed. Readings arrive in any order (threads, nodes): the version orders them.
    bool Observe(long long version, int remaining) const {
      const std::uint64_t next = Pack(version, remaining);
      std::uint64_t cur = state.load(std::memory_order_acquire);
      while ((cur >> kRemainingBits) < static_cast<std::uint64_t>(version))
        if (state.compare_exchange_weak(cur, next, std::memory_order_acq_rel))
          return (cur & kRemainingMask) != (next & kRemainingMask);
      return false;
    }
  };
  std::unordered_map<long long, Seats> seats;
  std::vector<domain::Campaign> campaigns;  // open or closed, newest first
  std::uint64_t generation = 0;
  std::string districts_json;

  int Remaining(long long session_id) const {
    auto it = seats.find(session_id);
    return it == seats.end() ? 0 : it->second.Remaining();
  }
};

// {"code", "name"} of a unit, as every public answer names one.
inline nlohmann::json OrgRef(const std::string& code, const std::string& name) {
  return {{"code", code}, {"name", name}};
}

}  // namespace sciweek::service
