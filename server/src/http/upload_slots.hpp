#pragma once
// How many uploads may stream at once, in total and per account. A slot is taken when an
// upload is admitted (before 100-continue) and given back when its handler has finished or
// the connection drops, by the Slot's destructor.
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace sciweek::http {

class UploadSlots {
 public:
  UploadSlots(size_t total, size_t per_user) : total_(total), per_user_(per_user) {}

  class Slot {
   public:
    Slot(UploadSlots& owner, std::string user) : owner_(owner), user_(std::move(user)) {}
    ~Slot() { owner_.Release(user_); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    UploadSlots& owner_;
    std::string user_;
  };

  // A slot for `user`, or null when the total or the user's share is taken.
  std::shared_ptr<Slot> TryTake(const std::string& user);
  // True when no slot is free for anyone (checked before the session lookup, to save it).
  bool Full();

 private:
  void Release(const std::string& user);

  const size_t total_;
  const size_t per_user_;
  std::mutex mu_;
  size_t taken_ = 0;
  std::map<std::string, size_t> by_user_;
};

}  // namespace sciweek::http
