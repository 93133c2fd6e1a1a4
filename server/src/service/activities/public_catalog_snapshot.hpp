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
  // value comes from an observation — a sequence number taken, then the database read — and
  // both live in one atomic word, so an older observation applied late (threads finish in any
  // order) never overwrites a newer one: the newest observation started after the last
  // commit, so what is shown is what the database holds (issue 13, freshness).
  struct Seats {
    static constexpr int kRemainingBits = 24;  // capacities are at most 1,000,000
    static constexpr std::uint64_t kRemainingMask = (std::uint64_t{1} << kRemainingBits) - 1;
    int capacity = 0;
    mutable std::atomic<std::uint64_t> state{0};
    Seats(int c, int r, std::uint64_t seq) : capacity(c), state(Pack(seq, r)) {}
    static std::uint64_t Pack(std::uint64_t seq, int remaining) {
      return seq << kRemainingBits | (static_cast<std::uint64_t>(std::max(remaining, 0)) & kRemainingMask);
    }
    int Remaining() const { return static_cast<int>(state.load(std::memory_order_acquire) & kRemainingMask); }
    // Shows what observation `seq` saw unless a newer one is shown; whether the number changed.
    bool Observe(std::uint64_t seq, int remaining) const {
      const std::uint64_t next = Pack(seq, remaining);
      std::uint64_t cur = state.load(std::memory_order_acquire);
      while ((cur >> kRemainingBits) < seq)
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
