// openness: audits AI model releases. This file holds the subcommand table and nothing else.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "commands.h"
#include "exit_status.h"

namespace openness::cli {
namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

// Every subcommand, in the order `openness help` lists them.
constexpr Command kCommands[] = {
    {"scan", "audit a model folder or file: contents, license, rights, openness", RunScan},
    {"inventory", "list the models a codebase uses, where, and (--audit) what they allow",
     RunInventory},
    {"license", "identify license texts: which license, which version, what differs", RunLicense},
    {"compare", "audit several releases and compare them side by side", RunCompare},
    {"check", "audit targets against a policy file; exit 1 on a violation (CI gate)", RunCheck},
    {"bom", "write an AI bill of materials: CycloneDX 1.6 or SPDX 3.0.1", RunBom},
    {"mof", "rate Model Openness Framework model files as the MOT does", RunMof},
    {"eval", "measure agreement of audits with expert labels (CSV)", RunEval},
};

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "openness %s: what may I do with this model, and how open is it really?\n\n"
               "usage: openness <command> [options] [targets]\n\ncommands:\n",
               OPENNESS_VERSION);
  for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out,
               "\n`openness <command> --help` describes each command.\n"
               "example: openness scan examples/tiny-release --format json\n");
}

// Levenshtein distance, for "did you mean".
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") {
    PrintUsage(stdout);
    return kExitAudited;
  }
  if (name == "version" || name == "--version") {
    std::printf("openness %s\n", OPENNESS_VERSION);
    return kExitAudited;
  }
  for (const Command& c : kCommands) {
    if (name == c.name) return c.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "openness: unknown command '%.*s'", static_cast<int>(name.size()),
               name.data());
  for (const Command& c : kCommands) {
    if (EditDistance(name, c.name) <= 2) {
      std::fprintf(stderr, ", did you mean '%s'?", c.name);
      break;
    }
  }
  std::fprintf(stderr, "\nrun 'openness help' for the list of commands\n");
  return kExitUsage;
}

}  // namespace
}  // namespace openness::cli

int main(int argc, char** argv) { return openness::cli::Main(argc, argv); }
