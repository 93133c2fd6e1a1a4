#include "store/dialect.hpp"

#include <gtest/gtest.h>

#include "store/migrations.hpp"

namespace sciweek::store {
namespace {

TEST(DialectTest, PrimaryKeysBecomeEachDialectsAutoIncrement) {
  EXPECT_EQ(ApplyDialect("CREATE TABLE t (id {{pk}}, x TEXT)", Dialect::kSqlite),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)");
  EXPECT_EQ(ApplyDialect("CREATE TABLE t (id {{pk}})", Dialect::kPostgres),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY)");
}

TEST(DialectTest, ADialectsOwnLinesRunOnlyThere) {
  const std::string sql =
      "ALTER TABLE a ADD COLUMN b TEXT;\n"
      "--postgresql: ALTER TABLE m ALTER COLUMN s DROP NOT NULL;\n"
      "--sqlite: CREATE TABLE m2 (\n"
      "--sqlite:   id {{pk}}\n"
      "--sqlite: );\n"
      "-- an ordinary comment, --sqlite: not at the start\n"
      "CREATE INDEX i ON a (b);\n";
  auto statements = [&](Dialect d) {
    std::vector<std::string> out;
    for (const auto& s : SplitStatements(ApplyDialect(sql, d))) out.push_back(s.substr(s.find_first_not_of("\n ")));
    return out;
  };
  const auto lite = statements(Dialect::kSqlite);
  ASSERT_EQ(lite.size(), 3u);
  EXPECT_EQ(lite[0], "ALTER TABLE a ADD COLUMN b TEXT");
  EXPECT_EQ(lite[1], "CREATE TABLE m2 (\n   id INTEGER PRIMARY KEY AUTOINCREMENT\n )");
  EXPECT_EQ(lite[2], "CREATE INDEX i ON a (b)");
  const auto pg = statements(Dialect::kPostgres);
  ASSERT_EQ(pg.size(), 3u);
  EXPECT_EQ(pg[1], "ALTER TABLE m ALTER COLUMN s DROP NOT NULL");
  EXPECT_EQ(pg[2], "CREATE INDEX i ON a (b)");
}

}  // namespace
}  // namespace sciweek::store
