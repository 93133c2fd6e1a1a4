#pragma once
// A migrated SQLite database in the process's scratch folder, opened once, for harnesses
// that need a store (ticket signing key, the route table's services).
#include "store/db.hpp"

namespace sciweek::fuzz {

store::Db& TempDb();

}  // namespace sciweek::fuzz
