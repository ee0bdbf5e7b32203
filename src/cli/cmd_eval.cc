// openness eval: agreement of audits with expert labels.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "commands.h"
#include "exit_status.h"
#include "openness/evaluation.h"

namespace openness::cli {
namespace {

constexpr const char* kEvalHelp =
    R"(Audit every release a labels file lists and print how often the audit agrees
with the labels, field by field (license, commercial, level, osaid, findings),
with each disagreeing row and what the audit based its answer on. The folders
hold cards and license files only; each is audited as the release it documents,
with its weights published.

labels: CSV with the columns of ../shared/labels/README.md (dir, license,
commercial, level, osaid, findings, findings_optional, ...); dir is relative
to --root.

examples:
  openness eval ../shared/labels/dev.csv --root ../shared/corpus/cards
  openness eval labels.csv --root cards --min-agreement 95 --format json

exit status: 0 evaluated (and every field at or above --min-agreement),
1 a field below --min-agreement, 2 the labels could not be read, 64 bad usage.)";

}  // namespace

int RunEval(int argc, char** argv) {
  CLI::App app(kEvalHelp, "openness eval");
  app.get_formatter()->column_width(28);
  std::string labels_path, root, format = "text";
  double min_agreement = -1;
  app.add_option("labels", labels_path, "labels CSV")->required();
  app.add_option("--root", root, "folder the labels' dir column is relative to")->required();
  app.add_option("-f,--format", format, "output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--min-agreement", min_agreement,
                 "exit 1 when a field agrees on fewer rows than this percentage");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  std::ifstream in(labels_path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "openness: cannot open %s\n", labels_path.c_str());
    return kExitUnreadable;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  std::vector<LabelRow> labels;
  Status s = ParseLabels(buf.str(), &labels);
  if (!s.ok()) {
    std::fprintf(stderr, "openness: %s: %s\n", labels_path.c_str(), s.ToString().c_str());
    return kExitUnreadable;
  }
  const EvaluationResult result = Evaluate(labels, root, ScanOptions{});

  bool below = false;
  for (const auto& [field, a] : result.agreement) {
    below = below || (min_agreement >= 0 && a.percent() < min_agreement);
  }
  if (format == "json") {
    nlohmann::ordered_json j;
    j["labels"] = labels_path;
    j["rows"] = result.rows.size();
    nlohmann::ordered_json agreement = nlohmann::ordered_json::object();
    for (std::string_view field : kEvalFields) {
      auto it = result.agreement.find(std::string(field));
      if (it == result.agreement.end()) continue;
      agreement[std::string(field)] = {{"agree", it->second.agree},
                                       {"total", it->second.total},
                                       {"percent", it->second.percent()}};
    }
    j["agreement"] = agreement;
    nlohmann::ordered_json disagreements = nlohmann::ordered_json::array();
    for (const RowResult& row : result.rows) {
      for (const FieldResult& f : row.fields) {
        if (f.agree) continue;
        disagreements.push_back({{"dir", row.label.dir},
                                 {"field", f.field},
                                 {"expected", f.expected},
                                 {"actual", f.actual},
                                 {"why", f.why}});
      }
    }
    j["disagreements"] = disagreements;
    std::printf("%s\n",
                j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
  } else {
    std::printf("%zu labelled releases (%s)\n\n", result.rows.size(), labels_path.c_str());
    std::printf("  %-11s %7s %8s\n", "field", "agree", "percent");
    for (std::string_view field : kEvalFields) {
      auto it = result.agreement.find(std::string(field));
      if (it == result.agreement.end()) continue;
      std::printf("  %-11s %3d/%-3d %7.1f%%\n", std::string(field).c_str(), it->second.agree,
                  it->second.total, it->second.percent());
    }
    bool header = false;
    for (const RowResult& row : result.rows) {
      for (const FieldResult& f : row.fields) {
        if (f.agree) continue;
        if (!header) {
          std::printf("\ndisagreements:\n");
          header = true;
        }
        std::printf("  %s  %s: expected %s, got %s\n      why: %s\n", row.label.dir.c_str(),
                    f.field.c_str(), f.expected.empty() ? "(none)" : f.expected.c_str(),
                    f.actual.empty() ? "(none)" : f.actual.c_str(), f.why.c_str());
      }
    }
  }
  return below ? kExitViolation : kExitAudited;
}

}  // namespace openness::cli
