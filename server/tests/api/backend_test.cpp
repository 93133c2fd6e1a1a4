// The backend the suite runs on is the one asked for: SCIWEEK_TEST_DB=postgres without
// SCIWEEK_TEST_PG_URL fails here (and every server-backed test fails with the same reason).
#include "support/fixtures.hpp"

namespace sciweek::test {
namespace {

TEST(BackendTest, SelectedBackendIsConfiguredAndServesFreshDatabases) {
  Backend b{};
  try {
    b = SelectedBackend();
  } catch (const std::exception& e) {
    FAIL() << e.what();
  }
  TestDatabase one, two;
  EXPECT_NE(one.url(), two.url()) << "each server gets its own database";
  EXPECT_EQ(one.backend(), b);
  EXPECT_EQ(one.url().rfind(b == Backend::kSqlite ? "sqlite:" : "postgresql://", 0), 0u) << one.url();
  std::cerr << "[ backend  ] " << BackendName(b) << "\n";
}

}  // namespace
}  // namespace sciweek::test
