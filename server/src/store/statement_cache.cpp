#include "store/statement_cache.hpp"

#include <soci/soci.h>

#include <atomic>
#include <stdexcept>

namespace sciweek::store {

std::size_t StatementCache::NextSlot() {
  static std::atomic<std::size_t> next{0};
  return next++;
}

bool RunKept(soci::statement& st) {
  const bool got = st.execute(true);
  if (got && st.fetch()) throw std::logic_error("a kept statement returned more than one row");
  return got;
}

}  // namespace sciweek::store
