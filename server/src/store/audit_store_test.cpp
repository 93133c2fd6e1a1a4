// The audit log's batch form on a real database: entries written together land as written,
// in order, across the statement bound, with their empty snapshots still null; and a
// transaction that defers its entries writes none until its batch does.
#include "store/audit_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/testing/store_fixture.hpp"

namespace sciweek::store {
namespace {

class AuditStoreTest : public testing::StoreTest {
 protected:
  std::vector<AuditEntry> Listed() {
    return *db_->Read<std::vector<AuditEntry>>([](Tx& tx) -> core::Result<std::vector<AuditEntry>> {
      AuditFilter f;
      f.limit = 1000;
      long long total = 0;
      return AuditStore::List(tx, f, &total);
    });
  }
};

AuditEntry Entry(int i) {
  AuditEntry e;
  e.at = 1000 + i;
  e.actor = "tester";
  e.action = "batch.entry" + std::to_string(i);
  e.entity_type = "session";
  e.entity_id = std::to_string(i % 7);
  if (i % 3 != 0) e.before = {{"n", i - 1}};
  if (i % 5 != 0) e.after = {{"n", i}, {"名", "科技周"}};
  e.request_id = "req-" + std::to_string(i);
  return e;
}

TEST_F(AuditStoreTest, EntriesWrittenTogetherLandAsWrittenAcrossTheStatementBound) {
  std::vector<AuditEntry> entries;
  entries.reserve(300);
  for (int i = 0; i < 300; ++i) entries.push_back(Entry(i));  // two statements: 256 + 44
  ASSERT_TRUE(db_->Write<bool>([&](Tx& tx) -> core::Result<bool> {
    AuditStore::AppendAll(tx, entries);
    AuditStore::AppendAll(tx, {});  // nothing to write writes nothing
    return true;
  }));
  auto listed = Listed();
  ASSERT_EQ(listed.size(), entries.size());
  std::sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (size_t i = 0; i < entries.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(listed[i].action, entries[i].action) << "ids follow the order written";
    EXPECT_EQ(listed[i].at, entries[i].at);
    EXPECT_EQ(listed[i].entity_id, entries[i].entity_id);
    EXPECT_EQ(listed[i].before, entries[i].before);
    EXPECT_EQ(listed[i].after, entries[i].after);
    EXPECT_EQ(listed[i].request_id, entries[i].request_id);
  }
}

TEST_F(AuditStoreTest, ADeferringTransactionHoldsItsEntriesForItsBatch) {
  std::vector<AuditEntry> held;
  ASSERT_TRUE(db_->Write<bool>([&](Tx& tx) -> core::Result<bool> {
    tx.DeferAuditTo(&held);
    AuditStore::Append(tx, Entry(1));
    AuditStore::Append(tx, Entry(2));
    tx.DeferAuditTo(nullptr);
    return true;
  }));
  EXPECT_TRUE(Listed().empty()) << "deferred entries are the batch's to write";
  ASSERT_EQ(held.size(), 2u);
  EXPECT_EQ(held[1].action, "batch.entry2");
}

}  // namespace
}  // namespace sciweek::store
