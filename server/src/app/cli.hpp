#pragma once
namespace sciweek::app {
// The sciweek command line: serve, migrate, demo, user add|passwd|disable, backup.
// Returns the process exit code (2 for usage errors).
int RunCli(int argc, char** argv);
}  // namespace sciweek::app
