// The org-unit CSV import: RFC 4180 reading (core/csv) and the import plan over a small
// register (domain/org_import). Properties: records start on increasing lines within the
// text, and every planned unit or problem comes from a record that exists.
#include <algorithm>

#include "core/csv.hpp"
#include "domain/org_import.hpp"
#include "support/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sciweek;
  const std::string text = fuzz::AsString(data, size);
  const auto parsed = core::ParseCsv(text);
  const long long lines = 1 + std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r');
  int last = 0;
  for (const auto& r : parsed.records) {
    FUZZ_CHECK(r.line > last && r.line <= lines, "records start on increasing lines of the text");
    last = r.line;
  }
  if (parsed.error) {
    FUZZ_CHECK(!parsed.error->empty(), "a CSV error says what is wrong");
    return 0;
  }
  static const std::map<std::string, domain::OrgUnit> existing = {
      {"110108", {"110108", "海淀区", domain::OrgType::kDistrict, "", "张三", "13800000000", true, ""}},
      {"KJG01", {"KJG01", "北京科技馆", domain::OrgType::kScienceBase, "110108", "李四", "010-12345678", true, ""}},
  };
  const auto plan = domain::PlanOrgImport(parsed.records, existing);
  FUZZ_CHECK(plan.creates.size() + plan.updates.size() <= parsed.records.size(), "one unit per record at most");
  for (const auto& p : plan.problems)
    FUZZ_CHECK(p.line >= 0 && p.line <= std::max(last, 1), "a problem names a line of the file");
  return 0;
}
