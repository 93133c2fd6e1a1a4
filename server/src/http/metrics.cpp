#include "http/metrics.hpp"

#include <sstream>
#include <tuple>

namespace sciweek::http {

void Metrics::Record(const std::string& route, const std::string& method, int status, double seconds) {
  const LabelViews labels{route, method, status};
  std::lock_guard lock(mu_);
  if (auto it = requests_.find(labels); it != requests_.end()) ++it->second;
  else requests_.emplace(Labels{route, method, status}, 1);
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++bucket_counts_[i];
  seconds_sum_ += seconds;
  ++count_;
}

std::string Metrics::Render(const std::string& extra) const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP sciweek_http_requests_total HTTP requests by route, method and status.\n"
      << "# TYPE sciweek_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out << "sciweek_http_requests_total{route=\"" << route << "\",method=\"" << method << "\",status=\"" << status
        << "\"} " << n << "\n";
  }
  out << "# HELP sciweek_http_request_duration_seconds Time from a whole request read to its response.\n"
      << "# TYPE sciweek_http_request_duration_seconds histogram\n";
  long long cumulative = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += bucket_counts_[i];
    out << "sciweek_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << cumulative << "\n";
  }
  cumulative += bucket_counts_[kBuckets.size()];
  out << "sciweek_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
      << "sciweek_http_request_duration_seconds_sum " << seconds_sum_ << "\n"
      << "sciweek_http_request_duration_seconds_count " << count_ << "\n"
      << extra;
  return out.str();
}

}  // namespace sciweek::http
