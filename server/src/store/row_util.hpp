#pragma once
// Reading soci::row columns the same way on both backends: SQLite reports a column's type
// from its declaration (INTEGER → int, BIGINT → long long) and PostgreSQL from the wire
// type, and soci::row::get<T> insists on the exact type. These read any integer or text.
#include <soci/soci.h>

#include <optional>
#include <string>

namespace sciweek::store {

inline long long GetInt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double: return static_cast<long long>(r.get<double>(i));
    case soci::dt_string: return std::stoll(r.get<std::string>(i));
    default: return 0;
  }
}

// A nullable integer column (times that may be unset).
inline std::optional<long long> GetOptInt(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::nullopt;
  return GetInt(r, i);
}

inline std::string GetText(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return {};
  return r.get<std::string>(i);
}

// Runs a prepared statement built with `use` only and says how many rows it changed: the
// conditional UPDATEs (claims, compare-and-set) read their outcome from it.
inline long long Affected(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace sciweek::store
