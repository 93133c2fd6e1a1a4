#pragma once
// Request counters and a latency histogram, rendered in Prometheus text format.
#include <array>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace sciweek::http {

class Metrics {
 public:
  void Record(const std::string& route, const std::string& method, int status, double seconds);
  // extra: already-formatted lines appended (database pool figures).
  std::string Render(const std::string& extra) const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  5.0};
  mutable std::mutex mu_;
  // A request is counted by looking up views of its labels, with no allocation (a label's
  // strings are copied once, the first time it is seen).
  using Labels = std::tuple<std::string, std::string, int>;
  using LabelViews = std::tuple<std::string_view, std::string_view, int>;
  struct LabelsLess {
    using is_transparent = void;
    static LabelViews Views(const Labels& l) { return {std::get<0>(l), std::get<1>(l), std::get<2>(l)}; }
    static const LabelViews& Views(const LabelViews& v) { return v; }
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Views(a) < Views(b);
    }
  };
  std::map<Labels, long long, LabelsLess> requests_;
  std::array<long long, kBuckets.size() + 1> bucket_counts_{};
  double seconds_sum_ = 0;
  long long count_ = 0;
};

}  // namespace sciweek::http
