// openness scan: audit local folders and model files.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "batch_output.h"
#include "commands.h"
#include "exit_status.h"
#include "openness/batch.h"
#include "openness/local_sources.h"
#include "openness/report_writer.h"
#include "openness/scan.h"

namespace openness::cli {
namespace {

constexpr const char* kScanHelp = R"(Audit a model release: what it contains, which license governs the weights,
what you may do with them, and how open the release is. Weights are never
loaded: only headers and metadata are read.

examples:
  openness scan ./Llama-3.1-8B                 a model folder
  openness scan model.Q4_K_M.gguf              a single model file
  openness scan ./my-model --format json       the JSON report (docs/report-contract.md)
  openness scan ./my-model --use saas          may I offer it as a service? (answer first)
  openness scan a/ b/ c.gguf --format json     one JSON object per line
  openness scan ./my-model --hash              also SHA-256 of every weights file
  openness scan meta-llama/Llama-3.1-8B        a Hugging Face Hub repository
  openness scan hf://org/name@v1.0 --history   a Hub revision, and its license history
  openness scan --hf-cache                     every model in the Hugging Face cache
  openness scan --ollama                       every model in the Ollama store
  openness scan --from models.txt -j 4         one target per line (# comments), 4 at a time

Batches (several targets, --from, --hf-cache, --ollama) run in parallel (-j, default
one per core; at least 8 when Hub ids are listed) and print the reports in input order:
JSON Lines with --format json, where a target that cannot be read gives a line
{"schema": "openness/error/v1", "target", "error", "code"}. A summary table follows
(on stderr for JSON). --hf-cache reads $HF_HUB_CACHE, else $HF_HOME/hub, else
~/.cache/huggingface/hub; --ollama reads $OLLAMA_MODELS, else ~/.ollama/models.
Both work offline and take a folder: --hf-cache=DIR, --ollama=DIR.

Hub repositories (org/name, org/name@rev, hf://org/name@rev; a local path that
exists wins) are audited without downloading the weights: one API call, the
card and license files, and the weights headers through HTTP Range requests.
HF_TOKEN (or HUGGING_FACE_HUB_TOKEN, or $HF_HOME/token) is sent to the Hub for
private and gated repositories; HF_ENDPOINT selects a mirror. Answers are
cached by commit under $OPENNESS_CACHE_DIR (default ~/.cache/openness).

exit status: 0 audited (whatever the verdict), 2 a target could not be read,
64 bad usage.)";

bool UseColor(const std::string& when) {
  if (when == "always") return true;
  if (when == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) && (no_color == nullptr || no_color[0] == '\0');
}


std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

int RunScan(int argc, char** argv) {
  CLI::App app(kScanHelp, "openness scan");
  app.get_formatter()->column_width(28);
  std::vector<std::string> targets;
  std::string format = "text";
  std::string color = "auto";
  app.add_option("targets", targets, "model folders or files to audit");
  std::string from_list;
  app.add_option("--from", from_list, "read targets from a file, one per line ('-': stdin)");
  std::string hf_cache_dir, ollama_dir;
  CLI::Option* hf_cache_opt =
      app.add_option("--hf-cache", hf_cache_dir, "audit every model in the Hugging Face cache")
          ->expected(0, 1);
  CLI::Option* ollama_opt =
      app.add_option("--ollama", ollama_dir, "audit every model in the Ollama store")
          ->expected(0, 1);
  unsigned jobs = 0;
  AddJobsOption(&app, &jobs);
  app.add_option("-f,--format", format, "output format: " + JoinNames(ReportFormatNames()))
      ->check(CLI::IsMember(ReportFormatNames()));
  bool hash = false;
  app.add_flag("--hash", hash, "read the weights files and record their SHA-256 (weights.files)");
  bool offline = false, history = false;
  app.add_flag("--offline", offline, "Hub targets: use only the on-disk cache, no network");
  app.add_flag("--history", history,
               "Hub targets: compare the card's license across the repo's commits");
  std::string use_case;
  app.add_option("--use", use_case,
                 "answer one use case first (text format): commercial, saas, redistribute, "
                 "derivatives, train-other-models or research")
      ->check(CLI::IsMember(AnswerableUseCases()));
  app.add_option("--color", color, "colour the text report: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  ReportFormat report_format = ReportFormat::kText;
  ParseReportFormat(format, &report_format);
  RenderOptions render;
  render.text.color = UseColor(color);
  render.use_case = use_case;

  // One Hub client for every target: connections and lookups are shared.
  ScanOptions scan_options = CliScanOptions(offline, history);
  scan_options.hash = hash;

  // The targets: the arguments, then --from, then the caches. Sources that cannot be listed
  // become items that fail, so they are reported (and counted) like any unreadable target.
  bool any_hub = false;
  std::vector<BatchTask> tasks = ScanTasks(targets, scan_options, &any_hub);
  auto add_failure = [&](const std::string& target, Status s) {
    tasks.push_back({target, [s](ScanResult*) { return s; }});
  };
  if (!from_list.empty()) {
    std::ifstream file;
    if (from_list != "-") file.open(from_list);
    std::istream& in = from_list == "-" ? std::cin : file;
    if (from_list != "-" && !file) {
      add_failure(from_list, Status::NotFound(from_list + ": the target list cannot be read"));
    } else {
      std::vector<std::string> listed;
      std::string line;
      while (std::getline(in, line)) {
        const size_t a = line.find_first_not_of(" \t\r");
        const size_t b = line.find_last_not_of(" \t\r");
        if (a == std::string::npos || line[a] == '#') continue;
        listed.push_back(line.substr(a, b - a + 1));
      }
      bool listed_hub = false;
      for (BatchTask& t : ScanTasks(listed, scan_options, &listed_hub)) {
        tasks.push_back(std::move(t));
      }
      any_hub = any_hub || listed_hub;
    }
  }
  const bool hf_cache = hf_cache_opt->count() > 0;
  const bool ollama = ollama_opt->count() > 0;
  if (hf_cache) {
    const std::string dir = hf_cache_dir.empty() ? DefaultHfCacheDir() : hf_cache_dir;
    std::vector<HfCacheModel> models;
    std::vector<Problem> problems;
    Status s = ListHfCache(dir, scan_options.limits, &models, &problems);
    for (const Problem& p : problems) {
      std::fprintf(stderr, "openness: %s: %s%s%s\n", dir.c_str(), p.file.c_str(),
                   p.file.empty() ? "" : ": ", p.status.ToString().c_str());
    }
    if (!s.ok()) add_failure(dir, s.WithContext("Hugging Face cache"));
    for (HfCacheModel& m : models) {
      std::string target = m.repo_id;
      tasks.push_back({target, [m = std::move(m), scan_options](ScanResult* r) {
                         return ScanHfCacheModel(m, scan_options, r);
                       }});
    }
  }
  if (ollama) {
    const std::string dir = ollama_dir.empty() ? DefaultOllamaDir() : ollama_dir;
    std::vector<OllamaModel> models;
    std::vector<Problem> problems;
    Status s = ListOllamaModels(dir, scan_options.limits, &models, &problems);
    for (const Problem& p : problems) {
      std::fprintf(stderr, "openness: %s: %s%s%s\n", dir.c_str(), p.file.c_str(),
                   p.file.empty() ? "" : ": ", p.status.ToString().c_str());
    }
    if (!s.ok()) add_failure(dir, s.WithContext("Ollama store"));
    for (OllamaModel& m : models) {
      std::string target = m.name;
      tasks.push_back({target, [dir, m = std::move(m), scan_options](ScanResult* r) {
                         return ScanOllamaModel(dir, m, scan_options, r);
                       }});
    }
  }
  if (tasks.empty()) {
    if (targets.empty() && from_list.empty() && !hf_cache && !ollama) {
      std::fprintf(stderr,
                   "openness scan: nothing to audit: name a target, or use --from, --hf-cache "
                   "or --ollama\nrun 'openness scan --help' for more information\n");
      return kExitUsage;
    }
    std::fprintf(stderr, "openness: no models found\n");
    return kExitAudited;
  }

  const bool batch = tasks.size() > 1 || !from_list.empty() || hf_cache || ollama;
  const BatchOptions batch_options = CliBatchOptions(jobs, any_hub);
  ProgressBar progress(batch && StderrIsTerminal());
  BatchPrinter printer(report_format, render, batch, &progress);
  Status s = RunBatch(
      std::move(tasks), batch_options, [&](BatchItem& item) { printer.Print(item); },
      [&](size_t done, size_t total) { progress.Update(done, total); });
  printer.Finish();
  if (!s.ok()) {
    std::fprintf(stderr, "openness: %s\n", s.ToString().c_str());
    return kExitUnreadable;
  }
  const int status = printer.exit_status();
  return status;
}

}  // namespace openness::cli
