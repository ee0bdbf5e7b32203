// openness check: audit targets and hold each report against a policy file (the CI gate).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "commands.h"
#include "exit_status.h"
#include "openness/license_keys.h"
#include "openness/policy.h"
#include "openness/policy_report.h"
#include "openness/scan.h"

namespace openness::cli {
namespace {

constexpr const char* kCheckHelp =
    R"(Audit model releases and check each against a policy: the uses you intend,
the licenses you accept, the openness you require (docs/policy.md).

examples:
  openness check ./models/* --policy openness.toml
  openness check model.gguf --format sarif --output openness.sarif
  openness check ./my-model --format junit --output openness-junit.xml

With --output the chosen format goes to the file and the text summary to
standard output.

exit status: 0 every target passes, 1 a policy was violated, 2 a target could
not be audited (or the output could not be written), 64 bad usage or an
invalid policy file.)";

bool UseColor(const std::string& when) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) && (no_color == nullptr || no_color[0] == '\0');
}

PolicyDate TodayUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return PolicyDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

}  // namespace

int RunCheck(int argc, char** argv) {
  CLI::App app(kCheckHelp, "openness check");
  app.get_formatter()->column_width(28);
  std::vector<std::string> targets;
  std::string policy_path = "openness.toml";
  std::string format = "text";
  std::string output;
  std::string as_of;
  std::string color = "auto";
  app.add_option("targets", targets, "model folders or files to check")->required();
  app.add_option("-p,--policy", policy_path, "the policy file (TOML)")->capture_default_str();
  app.add_option("-f,--format", format, "output format: text, json, sarif or junit")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit"}));
  app.add_option("-o,--output", output, "write the output to this file instead of stdout");
  app.add_option("--as-of", as_of,
                 "judge exception expiry on this date (YYYY-MM-DD; default: today, UTC)");
  app.add_option("--color", color, "colour the text summary: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }

  PolicyDate today = TodayUtc();
  if (!as_of.empty() && !PolicyDate::Parse(as_of, &today)) {
    std::fprintf(stderr, "openness check: --as-of '%s' is not a date (YYYY-MM-DD)\n",
                 as_of.c_str());
    return kExitUsage;
  }

  const LicenseTable& table = LicenseTable::Builtin();
  Policy policy;
  if (Status s = LoadPolicyFile(policy_path, table, &policy); !s.ok()) {
    std::fprintf(stderr, "openness check: invalid policy: %s\n", s.ToString().c_str());
    return kExitUsage;
  }

  CheckRun run;
  run.policy = &policy;
  run.tool_version = OPENNESS_VERSION;
  run.as_of = today;
  EvaluateOptions eval;
  eval.today = today;
  for (const std::string& target : targets) {
    CheckedTarget checked;
    checked.target = target;
    ScanResult result;
    Status s = ScanPath(target, ScanOptions{}, &result);
    if (!s.ok()) {
      checked.error = s.ToString();
    } else {
      checked.evidence_root = EvidenceRootFor(target, result.report);
      checked.outcome = EvaluatePolicy(policy, result.report, table, eval);
      checked.report = std::move(result.report);
    }
    run.targets.push_back(std::move(checked));
  }

  TextOptions text_options;
  text_options.color = output.empty() && UseColor(color);
  std::string rendered;
  constexpr auto kReplace = nlohmann::ordered_json::error_handler_t::replace;
  if (format == "json") {
    rendered = CheckToJson(run).dump(2, ' ', false, kReplace) + "\n";
  } else if (format == "sarif") {
    rendered = CheckToSarif(run).dump(2, ' ', false, kReplace) + "\n";
  } else if (format == "junit") {
    rendered = CheckToJunit(run);
  } else {
    rendered = RenderCheckText(run, text_options);
  }

  if (output.empty()) {
    std::fputs(rendered.c_str(), stdout);
  } else {
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << rendered;
    out.close();
    if (!out) {
      std::fprintf(stderr, "openness check: cannot write %s\n", output.c_str());
      return kExitUnreadable;
    }
    if (format != "text") {
      text_options.color = UseColor(color);
      std::fputs(RenderCheckText(run, text_options).c_str(), stdout);
    }
  }

  switch (OverallVerdict(run)) {
    case CheckVerdict::kPass:
      return kExitAudited;
    case CheckVerdict::kFail:
      return kExitViolation;
    case CheckVerdict::kError:
      return kExitUnreadable;
  }
  return kExitUnreadable;
}

}  // namespace openness::cli
