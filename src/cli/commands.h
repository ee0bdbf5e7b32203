// The subcommands of the openness command line. Each is one function in its own cmd_<name>.cc;
// main.cc holds the table that lists them, drives `openness help` and suggests near misses.
#ifndef OPENNESS_CLI_COMMANDS_H_
#define OPENNESS_CLI_COMMANDS_H_

namespace openness::cli {

/// argv[0] is the subcommand name. Returns an ExitStatus.
int RunScan(int argc, char** argv);
int RunInventory(int argc, char** argv);  // cmd_inventory.cc: models a codebase uses
int RunCompare(int argc, char** argv);
int RunCheck(int argc, char** argv);  // cmd_check.cc: the policy gate
int RunBom(int argc, char** argv);    // cmd_bom.cc: AI bills of materials
int RunMof(int argc, char** argv);    // cmd_mof.cc: MOF class of model files
int RunEval(int argc, char** argv);   // cmd_eval.cc: agreement with expert labels
int RunLicense(int argc, char** argv);  // cmd_license.cc: identify bare license texts

}  // namespace openness::cli

#endif  // OPENNESS_CLI_COMMANDS_H_
