// openness inventory: the models a codebase uses, where, and (with --audit) what each allows.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "exit_status.h"
#include "inventory_audit.h"
#include "openness/batch.h"
#include "openness/inventory.h"
#include "openness/report_writer.h"
#include "openness/scan.h"

namespace openness::cli {
namespace {

constexpr const char* kInventoryHelp =
    R"(List the AI models a codebase uses, with the file, line and column of each use:
Python loaders (transformers, diffusers, sentence-transformers, vLLM, huggingface_hub,
llama-cpp, ollama), notebooks, YAML/JSON/TOML/INI/.env values under model-like
keys, Modelfile FROM and ADAPTER, Dockerfiles and shell scripts (huggingface-cli
download, vllm serve, ollama pull, --model), and the model files in the tree.
Nothing is run or imported; .git, node_modules and virtual environments are skipped.

With --audit every distinct model is audited: local files and folders as by
`openness scan`, Hub ids on the Hub (or its cache with --offline), Ollama names
in the local Ollama store.

examples:
  openness inventory .                          where models are used
  openness inventory . --format json            the same as JSON (schema openness/inventory/v1)
  openness inventory ./app --audit -j 8         and audit each model

exit status: 0 listed (and audited), 2 the folder, or with --audit a model,
could not be read, 64 bad usage.)";

std::string Location(const ModelReference& r) {
  if (r.line == 0) return r.file;
  return r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.column);
}

nlohmann::ordered_json ReferenceToJson(const ModelReference& r) {
  nlohmann::ordered_json j;
  j["file"] = r.file;
  j["line"] = r.line == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(r.line);
  j["column"] = r.line == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(r.column);
  j["target"] = r.target;
  j["kind"] = ReferenceKindName(r.kind);
  j["resolved"] = r.resolved;
  j["exists"] =
      r.kind == ReferenceKind::kLocal ? nlohmann::ordered_json(r.exists) : nlohmann::ordered_json();
  j["via"] = r.via;
  j["excerpt"] = r.excerpt.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.excerpt);
  return j;
}

// One line for people: level, licenses, commercial use.
std::string AuditLine(const BatchItem& item) {
  if (!item.status.ok()) return "could not audit: " + item.status.ToString();
  const Report& r = item.result.report;
  std::string licenses;
  for (const EffectiveLicense& l : r.license.effective) {
    licenses += (licenses.empty() ? "" : " + ") + l.key;
  }
  std::string commercial = "unknown";
  if (auto it = r.rights.find("commercial"); it != r.rights.end()) {
    commercial = std::string(RightStatusName(it->second.status));
  }
  return r.openness.level + "; license " + (licenses.empty() ? "unknown" : licenses) +
         "; commercial use " + commercial;
}

}  // namespace

int RunInventory(int argc, char** argv) {
  CLI::App app(kInventoryHelp, "openness inventory");
  app.get_formatter()->column_width(28);
  std::string dir;
  std::string format = "text";
  bool audit = false, offline = false;
  unsigned jobs = 0;
  std::string ollama_dir;
  app.add_option("dir", dir, "the codebase to read")->required();
  app.add_option("-f,--format", format, "output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--audit", audit, "audit every model found");
  app.add_flag("--offline", offline, "--audit: Hub ids from the on-disk cache only, no network");
  app.add_option("-j,--jobs", jobs, "audits run at once (default: one per core, 8 for Hub ids)")
      ->check(CLI::Range(1u, 256u));
  app.add_option("--ollama-dir", ollama_dir,
                 "the Ollama store for Ollama names (default $OLLAMA_MODELS or ~/.ollama/models)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }

  Inventory inv;
  Status s = TakeInventory(dir, InventoryOptions{}, &inv);
  if (!s.ok()) {
    std::fprintf(stderr, "openness: %s\n", s.ToString().c_str());
    return kExitUnreadable;
  }
  for (const Problem& p : inv.problems) {
    std::fprintf(stderr, "openness: %s%s%s\n", p.file.c_str(), p.file.empty() ? "" : ": ",
                 p.status.ToString().c_str());
  }
  const std::vector<InventoryTarget> targets = inv.Targets();

  // Audits, in target order.
  std::vector<std::optional<BatchItem>> audits(targets.size());
  int status = kExitAudited;
  BatchSummary summary;
  if (audit) {
    InventoryAuditOptions audit_options;
    audit_options.offline = offline;
    audit_options.jobs = jobs;
    audit_options.ollama_dir = ollama_dir;
    s = AuditInventoryTargets(dir, targets, audit_options, &audits, &summary);
    if (!s.ok()) {
      std::fprintf(stderr, "openness: %s\n", s.ToString().c_str());
      return kExitUnreadable;
    }
    for (const std::optional<BatchItem>& item : audits) {
      if (item && !item->status.ok()) status = kExitUnreadable;
    }
  }

  if (format == "json") {
    nlohmann::ordered_json j;
    j["schema"] = "openness/inventory/v1";
    j["root"] = inv.root;
    j["files_scanned"] = inv.files_scanned;
    j["references"] = nlohmann::ordered_json::array();
    for (const ModelReference& r : inv.references) j["references"].push_back(ReferenceToJson(r));
    j["targets"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < targets.size(); ++i) {
      const InventoryTarget& t = targets[i];
      nlohmann::ordered_json tj;
      tj["kind"] = ReferenceKindName(t.kind);
      tj["id"] = t.id;
      tj["exists"] = t.kind == ReferenceKind::kLocal ? nlohmann::ordered_json(t.exists)
                                                     : nlohmann::ordered_json();
      tj["references"] = t.references;
      if (!audit || !audits[i]) {
        tj["audit"] = nullptr;
      } else if (audits[i]->status.ok()) {
        tj["audit"] = {{"status", "audited"}, {"report", ReportToJson(audits[i]->result.report)}};
      } else {
        tj["audit"] = {{"status", "error"},
                       {"error", audits[i]->status.ToString()},
                       {"code", StatusCodeName(audits[i]->status.code())}};
      }
      j["targets"].push_back(std::move(tj));
    }
    j["problems"] = nlohmann::ordered_json::array();
    for (const Problem& p : inv.problems) {
      j["problems"].push_back({{"file", p.file}, {"error", p.status.ToString()}});
    }
    std::puts(j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    if (audit) std::fputs(RenderBatchSummary(summary).c_str(), stderr);
    return status;
  }

  std::string out = "inventory of " + dir + ": " + std::to_string(inv.references.size()) +
                    " reference" + (inv.references.size() == 1 ? "" : "s") + " to " +
                    std::to_string(targets.size()) + " model" + (targets.size() == 1 ? "" : "s") +
                    " (" + std::to_string(inv.files_scanned) + " files read)\n";
  for (size_t i = 0; i < targets.size(); ++i) {
    const InventoryTarget& t = targets[i];
    out += "\n" + t.id + "  (" + std::string(ReferenceKindName(t.kind));
    if (t.kind == ReferenceKind::kLocal && !t.exists) out += ", not found";
    out += ")\n";
    for (size_t ref : t.references) {
      const ModelReference& r = inv.references[ref];
      out += "    " + Location(r) + "  " + r.via + "\n";
    }
    if (audit && audits[i]) out += "    audit: " + AuditLine(*audits[i]) + "\n";
  }
  if (audit) out += "\n" + RenderBatchSummary(summary);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return status;
}

}  // namespace openness::cli
