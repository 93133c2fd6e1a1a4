#include "support/temp_db.hpp"

#include <cstdlib>
#include <iostream>

#include "store/migrations.hpp"
#include "support/fuzz_support.hpp"

namespace sciweek::fuzz {

store::Db& TempDb() {
  static store::Db* db = [] {
    auto opened = store::Db::Open("sqlite:" + ScratchDir() + "/fuzz.db", 2);
    FUZZ_CHECK(opened, "the scratch database opens");
    auto migrated = store::Migrate(**opened);
    FUZZ_CHECK(migrated, "the scratch database migrates");
    return opened->release();  // lives until exit: harness statics must not outlive it
  }();
  return *db;
}

}  // namespace sciweek::fuzz
