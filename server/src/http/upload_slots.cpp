#include "http/upload_slots.hpp"

namespace sciweek::http {

std::shared_ptr<UploadSlots::Slot> UploadSlots::TryTake(const std::string& user) {
  std::lock_guard lock(mu_);
  if (taken_ >= total_) return nullptr;
  auto it = by_user_.find(user);
  if (it != by_user_.end() && it->second >= per_user_) return nullptr;
  ++by_user_[user];
  ++taken_;
  return std::make_shared<Slot>(*this, user);
}

bool UploadSlots::Full() {
  std::lock_guard lock(mu_);
  return taken_ >= total_;
}

void UploadSlots::Release(const std::string& user) {
  std::lock_guard lock(mu_);
  --taken_;
  if (auto it = by_user_.find(user); it != by_user_.end() && --it->second == 0) by_user_.erase(it);
}

}  // namespace sciweek::http
