// openness check: audit targets and hold each report against a policy file (the CI gate).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "batch_output.h"
#include "commands.h"
#include "exit_status.h"
#include "inventory_audit.h"
#include "openness/batch.h"
#include "openness/inventory.h"
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
  openness check --inventory . --format sarif --output openness.sarif

--inventory DIR also checks every model the code in DIR uses, as `openness
inventory` finds them (local paths, Hub ids, Ollama names); SARIF then shows each
violation at the file, line and column that names the model. Run it from the
repository root with a relative DIR so that code scanning can place the alerts.

With --output the chosen format goes to the file and the text summary to
standard output. Several targets are audited in parallel (-j, default one per
core; at least 8 when Hub ids are listed) and reported in the order given.

exit status: 0 every target passes, 1 a policy was violated, 2 a target could
not be audited (or the output could not be written), 64 bad usage or an
invalid policy file.)";

bool UseColor(const std::string& when) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) && (no_color == nullptr || no_color[0] == '\0');
}

// The folder a report's evidence paths are relative to: only a local release's files are in
// this checkout ("" for a Hub release, whose files are remote).
std::string LocalEvidenceRoot(const std::string& target, const Report& report) {
  if (report.subject.source != "local" && report.subject.source != "file") return "";
  return EvidenceRootFor(target, report);
}

// A reference's place as a path from where openness runs: "app.py:3:9" under ".",
// "/src/app/app.py:3:9" under "/src/app".
SourceLocation ReferenceLocation(const std::string& dir, const ModelReference& r) {
  return SourceLocation{(std::filesystem::path(dir) / r.file).lexically_normal().string(), r.line,
                        r.column};
}

// The name a model found by the inventory is checked under: the path of a local model as the
// user would write it, "hf://org/name" for a Hub id, "ollama:name" for an Ollama model.
std::string InventoryTargetName(const InventoryTarget& t, const std::string& dir) {
  switch (t.kind) {
    case ReferenceKind::kLocal:
      return LocalTargetPath(t, dir);
    case ReferenceKind::kHub:
      return "hf://" + t.id;
    case ReferenceKind::kOllama:
      return "ollama:" + t.id;
  }
  return t.id;
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
  std::string inventory_dir;
  bool offline = false;
  std::string ollama_dir;
  std::string policy_path = "openness.toml";
  std::string format = "text";
  std::string output;
  std::string as_of;
  std::string color = "auto";
  app.add_option("targets", targets, "model folders or files to check");
  app.add_option("--inventory", inventory_dir,
                 "also check every model the code in this folder uses, where the code names it");
  app.add_flag("--offline", offline, "Hub models from the on-disk cache only, no network");
  app.add_option("--ollama-dir", ollama_dir,
                 "--inventory: the Ollama store (default $OLLAMA_MODELS or ~/.ollama/models)");
  app.add_option("-p,--policy", policy_path, "the policy file (TOML)")->capture_default_str();
  app.add_option("-f,--format", format, "output format: text, json, sarif or junit")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit"}));
  app.add_option("-o,--output", output, "write the output to this file instead of stdout");
  app.add_option("--as-of", as_of,
                 "judge exception expiry on this date (YYYY-MM-DD; default: today, UTC)");
  app.add_option("--color", color, "colour the text summary: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  unsigned jobs = 0;
  AddJobsOption(&app, &jobs);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  if (targets.empty() && inventory_dir.empty()) {
    std::fprintf(stderr,
                 "openness check: name the models to check, or a codebase with --inventory DIR "
                 "(openness check --help)\n");
    return kExitUsage;
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
  // The batch path of `openness scan`: targets audited in parallel (-j), results in input order,
  // and a target that cannot be read is an error of its own that does not stop the others.
  bool any_hub = false;
  std::vector<BatchTask> tasks = ScanTasks(targets, CliScanOptions(offline), &any_hub);
  ProgressBar progress(tasks.size() > 1 && StderrIsTerminal());
  const Status batch = RunBatch(
      std::move(tasks), CliBatchOptions(jobs, any_hub),
      [&](BatchItem& item) {
        CheckedTarget checked;
        checked.target = item.target;
        if (!item.status.ok()) {
          checked.error = item.status.ToString();
        } else {
          checked.evidence_root = LocalEvidenceRoot(item.target, item.result.report);
          checked.outcome = EvaluatePolicy(policy, item.result.report, table, eval);
          checked.report = std::move(item.result.report);
        }
        run.targets.push_back(std::move(checked));
      },
      [&](size_t done, size_t total) { progress.Update(done, total); });
  progress.Clear();
  if (!batch.ok()) {
    std::fprintf(stderr, "openness check: %s\n", batch.ToString().c_str());
    return kExitUnreadable;
  }

  // The models a codebase uses, audited as `openness inventory --audit` does, each located at
  // the places that name it.
  if (!inventory_dir.empty()) {
    Inventory inv;
    if (Status s = TakeInventory(inventory_dir, InventoryOptions{}, &inv); !s.ok()) {
      std::fprintf(stderr, "openness check: %s\n", s.ToString().c_str());
      return kExitUnreadable;
    }
    for (const Problem& p : inv.problems) {
      std::fprintf(stderr, "openness check: %s%s%s\n", p.file.c_str(), p.file.empty() ? "" : ": ",
                   p.status.ToString().c_str());
    }
    const std::vector<InventoryTarget> found = inv.Targets();
    InventoryAuditOptions audit_options;
    audit_options.offline = offline;
    audit_options.jobs = jobs;
    audit_options.ollama_dir = ollama_dir;
    std::vector<std::optional<BatchItem>> audits;
    if (Status s = AuditInventoryTargets(inventory_dir, found, audit_options, &audits); !s.ok()) {
      std::fprintf(stderr, "openness check: %s\n", s.ToString().c_str());
      return kExitUnreadable;
    }
    for (size_t i = 0; i < found.size(); ++i) {
      CheckedTarget checked;
      checked.target = InventoryTargetName(found[i], inventory_dir);
      // The first line of code that names the model is where alerts go; a model file found in
      // the tree (no line) only when nothing names it.
      size_t primary = found[i].references.front();
      for (const size_t ref : found[i].references) {
        if (inv.references[ref].line > 0) {
          primary = ref;
          break;
        }
      }
      checked.reference = ReferenceLocation(inventory_dir, inv.references[primary]);
      for (const size_t ref : found[i].references) {
        if (ref != primary) {
          checked.other_references.push_back(ReferenceLocation(inventory_dir, inv.references[ref]));
        }
      }
      if (!audits[i] || !audits[i]->status.ok()) {
        checked.error = audits[i] ? audits[i]->status.ToString() : "not audited";
      } else {
        Report& report = audits[i]->result.report;
        checked.evidence_root = LocalEvidenceRoot(checked.target, report);
        checked.outcome = EvaluatePolicy(policy, report, table, eval);
        checked.report = std::move(report);
      }
      run.targets.push_back(std::move(checked));
    }
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
