// The subcommands of the openness command line. Each is one function in its own cmd_<name>.cc;
// main.cc holds the table that lists them, drives `openness help` and suggests near misses.
#ifndef OPENNESS_CLI_COMMANDS_H_
#define OPENNESS_CLI_COMMANDS_H_

namespace openness::cli {

/// argv[0] is the subcommand name. Returns an ExitStatus.
int RunScan(int argc, char** argv);

}  // namespace openness::cli

#endif  // OPENNESS_CLI_COMMANDS_H_
