// Components: the inventory of the 17 Model Openness Framework components of a release.
//
// Each component is present, absent or unknown, with its license where known, whether that
// license is open for the component's content type (code: OSI-approved; data and documents: OSI,
// open-data or open-model licenses), and the evidence:
//   - files in the release (config.json and modelling code for the architecture, training and
//     evaluation scripts, intermediate checkpoints in step*/checkpoint-* folders, PDFs);
//   - the card front matter (datasets, model-index, library_name) and sections (training data,
//     evaluation results, sample outputs), filled and not the "[More Information Needed]" template;
//   - classified links: a GitHub repository linked as training or fine-tuning code, evaluation
//     harnesses, papers, technical reports, Hugging Face datasets; well-known repositories and
//     datasets resolve through KnownEntities, and say so in their evidence.
// The files of the release itself (card, config, scripts) are under the release's license.
//
// With a model card, a component the release neither contains nor references is absent (the
// card is how a release publishes its parts); without a card it stays unknown.
#ifndef OPENNESS_COMPONENTS_H_
#define OPENNESS_COMPONENTS_H_

#include <string>
#include <vector>

#include "openness/known_entities.h"
#include "openness/license_keys.h"
#include "openness/release_evidence.h"
#include "openness/report.h"

namespace openness {

/// What the inventory learned beyond the report's components, for OSAID.
struct ComponentInventory {
  /// Training datasets identified by id, link or well-known name ("EleutherAI/pile").
  std::vector<std::string> datasets;
  std::vector<Evidence> dataset_evidence;
  /// A filled training-data section describes the data in prose.
  bool data_described = false;
  /// The release ships or links its own training code (not only a general library).
  std::vector<std::string> training_code;  ///< repository urls or file paths
};

/// Fills report->components (all 17). Reads report->license.effective for the license of the
/// release's own files, so it runs after the license stage.
ComponentInventory InventoryComponents(const ReleaseEvidence& ev, const LicenseTable& table,
                                       const KnownEntities& known, Report* report);

/// Whether a license key is open for a MOF content type ("code", "data", "document"): code needs
/// an OSI-approved (or open-model) license; data and documents also accept open-data licenses.
/// Unset for unknown keys.
std::optional<bool> LicenseOpenFor(const LicenseTable& table, const std::string& key,
                                   std::string_view content_type);

}  // namespace openness

#endif  // OPENNESS_COMPONENTS_H_
