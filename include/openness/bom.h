// Bills of materials: one audited release as a CycloneDX 1.6 ML-BOM or an SPDX 3.0.1 document
// with the AI and Dataset profiles.
//
// Both are built from the Report alone (report.h), so whatever a scan found (licenses with their
// evidence, weights files and their SHA-256 when hashed, the base-model chain, datasets, the
// card's evaluation results and passages in report.model) reaches the BOM, and nothing else does.
//
// Deterministic: the same report gives byte-identical output. No clock is read and no random id is
// made: the CycloneDX serialNumber and the SPDX namespace are derived from the SHA-256 of the
// document itself, and a creation time is written only when BomOptions::timestamp is set (SPDX
// requires one, so it then records the fixed kNoTimestamp and says so in a comment). Volatile Hub
// fields (downloads, likes) are never in a report, so never in a BOM.
//
// **Example**:
//   std::string json;
//   openness::Status s = openness::RenderBom(result.report, openness::BomFormat::kCycloneDx, {},
//                                            &json);
#ifndef OPENNESS_BOM_H_
#define OPENNESS_BOM_H_

#include <ctime>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "openness/report.h"
#include "openness/status.h"

namespace openness {

enum class BomFormat { kCycloneDx, kSpdx3 };

/// "cyclonedx" or "spdx3" -> format; false for anything else.
bool ParseBomFormat(std::string_view name, BomFormat* format);

/// The names of the formats, in the order --help lists them.
std::vector<std::string> BomFormatNames();

struct BomOptions {
  /// The creation time to record, as RFC 3339 UTC with seconds ("2025-01-31T09:30:00Z"); empty
  /// for none (the default: deterministic output).
  std::string timestamp;
};

/// The creation time SPDX records when no timestamp is asked for (SPDX requires one).
inline constexpr std::string_view kNoTimestamp = "1970-01-01T00:00:00Z";

/// t as BomOptions::timestamp wants it.
std::string UtcTimestamp(std::time_t t);

/// The CycloneDX 1.6 JSON BOM: the model as metadata.component (a machine-learning-model with a
/// modelCard, licenses, weights files with SHA-256 hashes, external references), datasets and
/// base models as components, and the base-model chain as the dependency graph.
/// InvalidArgument for a malformed options.timestamp.
Status CycloneDxBom(const Report& report, const BomOptions& options, nlohmann::ordered_json* out);

/// The SPDX 3.0.1 JSON-LD document: the model as an ai_AIPackage, datasets as
/// dataset_DatasetPackage, base models as ai_AIPackage linked by descendantOf, weights files as
/// software_File, and exactly one hasDeclaredLicense and one hasConcludedLicense relationship per
/// package (LicenseRef-openness-* for licenses outside the SPDX list).
/// InvalidArgument for a malformed options.timestamp.
Status Spdx3Bom(const Report& report, const BomOptions& options, nlohmann::ordered_json* out);

/// Either BOM as 2-space indented JSON ending in a newline.
Status RenderBom(const Report& report, BomFormat format, const BomOptions& options,
                 std::string* out);

}  // namespace openness

#endif  // OPENNESS_BOM_H_
