#include "app/cli.hpp"

int main(int argc, char** argv) { return sciweek::app::RunCli(argc, argv); }
