#pragma once
// A cache bounded in bytes, not only in entries: public answers are keyed by what anonymous
// callers type (thousands of distinct `q=` values), so a count limit alone lets a few big
// answers pin hundreds of megabytes. Least recently used entries go first. Thread-safe.
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace sciweek::core {

template <typename Value>
class ByteLruCache {
 public:
  explicit ByteLruCache(size_t budget_bytes) : budget_(budget_bytes) {}

  std::optional<Value> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);  // now the most recent
    return it->second->value;
  }

  // `bytes`: what the value holds (the key and bookkeeping are added here). A value larger
  // than the whole budget is not kept.
  void Put(const std::string& key, Value value, size_t bytes) {
    const size_t cost = bytes + key.size() * 2 + kOverhead;
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) Erase(it);
    if (cost > budget_) return;
    while (used_ + cost > budget_ && !order_.empty()) Erase(index_.find(order_.back().key));
    order_.push_front({key, std::move(value), cost});
    index_.emplace(key, order_.begin());
    used_ += cost;
  }

  size_t bytes() const {
    std::lock_guard lock(mu_);
    return used_;
  }
  size_t budget() const { return budget_; }

 private:
  // Node, map slot and string headers, roughly: counted so that many tiny entries are bounded too.
  static constexpr size_t kOverhead = 160;
  struct Entry {
    std::string key;
    Value value;
    size_t cost;
  };
  using Order = std::list<Entry>;
  void Erase(typename std::unordered_map<std::string, typename Order::iterator>::iterator it) {
    used_ -= it->second->cost;
    order_.erase(it->second);
    index_.erase(it);
  }

  const size_t budget_;
  mutable std::mutex mu_;
  Order order_;
  std::unordered_map<std::string, typename Order::iterator> index_;
  size_t used_ = 0;
};

}  // namespace sciweek::core
