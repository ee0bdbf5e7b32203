// Exit statuses of the openness command, in one place (report contract, "Exit status").
#ifndef OPENNESS_CLI_EXIT_STATUS_H_
#define OPENNESS_CLI_EXIT_STATUS_H_

namespace openness::cli {

enum ExitStatus : int {
  kExitAudited = 0,     // every target was audited, whatever the verdict
  kExitViolation = 1,   // `check`: a policy was violated
  kExitUnreadable = 2,  // a target could not be read at all
  kExitUsage = 64,      // bad command line (EX_USAGE)
};

}  // namespace openness::cli

#endif  // OPENNESS_CLI_EXIT_STATUS_H_
