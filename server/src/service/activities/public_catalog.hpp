#pragma once
// The public calendar, served from memory: an immutable snapshot of every published
// activity (pre-serialized JSON per item) swapped atomically when something changes, plus
// live remaining places per session refreshed from the database every second (and at once
// for reservations this process takes). Other server processes' changes arrive within the
// refresh period. Reads never touch the database.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/byte_lru_cache.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/db.hpp"

namespace sciweek::service {

struct PublicQuery {
  std::optional<int> campaign;  // default: the newest open campaign
  std::string date;             // YYYY-MM-DD (Shanghai): activities running that day
  std::string district, category, audience, mode, q;
  int limit = 100, offset = 0;
};

struct PublicAnswer {
  std::string body;  // JSON
  std::string etag;  // of the body
};

// One ICS calendar (text/calendar) and its filename.
struct IcsFile {
  std::string body;
  std::string filename;
};

// What a link preview (Open Graph tags, the printable poster) shows of a published activity.
struct PublicPreview {
  long long id = 0;
  std::string title, description, venue, district_name;
  core::UnixTime starts_at = 0, ends_at = 0;
  bool has_cover = false;
};

// Bytes the rendered list answers may hold (keyed by every filter a caller types); with
// http/gzip.hpp's kGzipCacheBytes the public answer caches stay within 32 MiB.
inline constexpr size_t kPublicListCacheBytes = size_t{24} << 20;

class PublicCatalog {
 public:
  // What the list cache holds now, in bytes (for /metrics).
  size_t CacheBytes() const { return cache_.bytes(); }
  explicit PublicCatalog(store::Db& db) : db_(db) {}
  ~PublicCatalog();

  // Rebuilds the snapshot now (after a change this process made, and at start).
  void Rebuild();
  // Marks the snapshot stale; the next read or Tick rebuilds it.
  void Invalidate() {
    stale_.store(true);
    ++epoch_;
  }
  // Changes (after the change is visible) whenever any answer may change: a new snapshot, a
  // stale one, a remaining count. An answer rendered after reading epoch E is current for as
  // long as Epoch() is still E (http/inline_memo.hpp keeps answers on that promise).
  std::uint64_t Epoch() const { return epoch_.load(); }
  // Periodic work (called about once a second): rebuild when another process changed a
  // published activity, and refresh remaining places.
  void Tick();
  // This process released places in the session (call after the commit): reads them and shows
  // them at once.
  void NoteTaken(long long session_id);
  // A committed transaction of this process left `remaining` places at `seats_version`
  // (domain::Session::seats_version): shown at once unless a newer reading is shown.
  void NotePlaces(long long session_id, int remaining, long long seats_version);

  core::Result<PublicAnswer> List(const PublicQuery& q);
  // List's answer when it is already rendered for the current snapshot and places, without
  // waiting on anything (for the I/O thread); nullptr when List must render or rebuild.
  std::shared_ptr<const PublicAnswer> ListFromMemory(const PublicQuery& q);
  core::Result<PublicAnswer> Detail(long long id);
  // Detail's answer when it is already rendered for the current snapshot and places (for the
  // I/O thread, as ListFromMemory); nullptr when Detail must render it.
  std::shared_ptr<const PublicAnswer> DetailFromMemory(long long id);
  core::Result<PublicAnswer> CurrentCampaign();
  PublicAnswer Districts();
  core::Result<PublicAnswer> Institutions(std::optional<int> campaign);
  core::Result<IcsFile> ActivityIcs(long long id);
  // A published activity for a link preview; not found for anything else (drafts included).
  core::Result<PublicPreview> Preview(long long id);
  core::Result<IcsFile> FeedIcs(const PublicQuery& q);

  struct Snapshot;

 private:
  // Rebuilds, recording the fingerprint read before loading (changes after it rebuild again).
  void RebuildAt(const std::string& fingerprint);
  std::shared_ptr<const Snapshot> Current();
  // The snapshot when it is current; nullptr when stale (a rebuild is due).
  std::shared_ptr<const Snapshot> CurrentIfFresh();
  static std::string ListKey(const PublicQuery& q);
  static std::string DetailKey(long long id);
  void RefreshAvailability(const Snapshot& s);
  std::string Fingerprint();

  // Rendered list answers for the current snapshot and availability: the hot pages are
  // rendered and digested once per change, not per request (bench/: the ETag digest alone
  // was half the CPU).
  struct CachedList {
    std::uint64_t generation = 0;  // of the snapshot
    std::uint64_t availability = 0;
    std::shared_ptr<const PublicAnswer> answer;
  };
  std::shared_ptr<const PublicAnswer> FromCache(const std::string& key, std::uint64_t generation,
                                                std::uint64_t availability);
  void ToCache(const std::string& key, std::uint64_t generation, std::uint64_t availability,
               std::shared_ptr<const PublicAnswer> answer);

  store::Db& db_;
  // A remaining count changed (after it is visible): new list answers, and a new epoch.
  void PlacesChanged() {
    ++availability_;
    ++epoch_;
  }

  std::atomic<std::uint64_t> availability_{0};  // bumped whenever a remaining count changes
  std::atomic<std::uint64_t> epoch_{1};         // see Epoch(); 0 is never an epoch
  std::atomic<std::uint64_t> generations_{0};   // numbers the snapshots
  core::ByteLruCache<CachedList> cache_{kPublicListCacheBytes};
  std::mutex mu_;  // guards snapshot_ and the rebuild
  std::shared_ptr<const Snapshot> snapshot_;
  std::atomic<bool> stale_{true};
  std::string fingerprint_;
};

}  // namespace sciweek::service
