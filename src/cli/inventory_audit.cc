// AuditInventoryTargets: one batch task per distinct model an inventory found.
#include "inventory_audit.h"

#include <filesystem>
#include <utility>

#include "batch_output.h"
#include "openness/local_sources.h"
#include "openness/scan.h"

namespace openness::cli {
namespace {

BatchTask AuditTask(const InventoryTarget& t, const std::string& dir, const ScanOptions& options,
                    const std::string& ollama_dir) {
  const std::string label = std::string(ReferenceKindName(t.kind)) + ":" + t.id;
  switch (t.kind) {
    case ReferenceKind::kHub: {
      const std::string target = "hf://" + t.id;
      return {label, [target, options](ScanResult* r) {
                Status s = ScanPath(target, options, r);
                if (!s.ok() && s.message().find("hf://") == std::string::npos) {
                  return s.WithContext("Hub repository " + target.substr(5));
                }
                return s;
              }};
    }
    case ReferenceKind::kLocal: {
      const std::string path = LocalTargetPath(t, dir);
      if (!t.exists) {
        return {label, [path](ScanResult*) {
                  return Status::NotFound(path + ": no such file or folder");
                }};
      }
      return {label, [path, options](ScanResult* r) { return ScanPath(path, options, r); }};
    }
    case ReferenceKind::kOllama: {
      const std::string name = t.id;
      return {label, [name, ollama_dir, options](ScanResult* r) {
                OllamaModel m;
                Status s = FindOllamaModel(ollama_dir, name, options.limits, &m);
                if (!s.ok()) return s;
                return ScanOllamaModel(ollama_dir, m, options, r);
              }};
    }
  }
  return {label, nullptr};
}

}  // namespace

std::string LocalTargetPath(const InventoryTarget& target, const std::string& dir) {
  const std::filesystem::path p(target.id);
  if (p.is_absolute()) return target.id;
  std::string path = (std::filesystem::path(dir) / p).lexically_normal().string();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

Status AuditInventoryTargets(const std::string& dir, const std::vector<InventoryTarget>& targets,
                             const InventoryAuditOptions& audit_options,
                             std::vector<std::optional<BatchItem>>* audits, BatchSummary* summary) {
  audits->assign(targets.size(), std::nullopt);
  if (targets.empty()) return Status::Ok();
  const ScanOptions options = CliScanOptions(audit_options.offline);
  const std::string store =
      audit_options.ollama_dir.empty() ? DefaultOllamaDir() : audit_options.ollama_dir;
  std::vector<BatchTask> tasks;
  bool any_hub = false;
  for (const InventoryTarget& t : targets) {
    any_hub = any_hub || t.kind == ReferenceKind::kHub;
    tasks.push_back(AuditTask(t, dir, options, store));
  }
  ProgressBar progress(StderrIsTerminal());
  Status s = RunBatch(
      std::move(tasks), CliBatchOptions(audit_options.jobs, any_hub),
      [&](BatchItem& item) {
        if (summary != nullptr) summary->Add(item);
        const size_t index = item.index;
        (*audits)[index] = std::move(item);
      },
      [&](size_t done, size_t total) { progress.Update(done, total); });
  progress.Clear();
  return s;
}

}  // namespace openness::cli
