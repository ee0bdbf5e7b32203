// The audit of the models a codebase inventory found, shared by `openness inventory --audit` and
// `openness check --inventory`: local paths as `openness scan` reads them, Hub ids on the Hub
// (or its on-disk cache when offline), Ollama names in the local Ollama store.
#ifndef OPENNESS_CLI_INVENTORY_AUDIT_H_
#define OPENNESS_CLI_INVENTORY_AUDIT_H_

#include <optional>
#include <string>
#include <vector>

#include "openness/batch.h"
#include "openness/inventory.h"
#include "openness/status.h"

namespace openness::cli {

struct InventoryAuditOptions {
  bool offline = false;    ///< Hub ids from the on-disk cache only, no network
  unsigned jobs = 0;       ///< audits at once; 0: one per core, at least 8 when Hub ids are listed
  std::string ollama_dir;  ///< the Ollama store; "" = DefaultOllamaDir()
};

/// The path of a local target as the user would write it: the target's path joined to dir (the
/// inventory root as given on the command line) and normalised, so "models/m" under "." and
/// "/src/app/models/m" under "/src/app"; an absolute target path stays as it is.
std::string LocalTargetPath(const InventoryTarget& target, const std::string& dir);

/// Audits every target of an inventory of dir in parallel, with a progress bar on stderr when it
/// is a terminal. (*audits)[i] is the item of targets[i] (its status says whether it could be
/// audited); summary, when set, counts them. Errors only when the batch itself fails.
Status AuditInventoryTargets(const std::string& dir, const std::vector<InventoryTarget>& targets,
                             const InventoryAuditOptions& options,
                             std::vector<std::optional<BatchItem>>* audits,
                             BatchSummary* summary = nullptr);

}  // namespace openness::cli

#endif  // OPENNESS_CLI_INVENTORY_AUDIT_H_
