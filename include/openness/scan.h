// Scan: the whole pipeline for one target.
//
//   source (ListRelease) -> evidence (CollectEvidence) -> licenses, rights, openness, lineage
//   (AssessRelease) -> Report
//
// **Example**:
//   openness::ScanResult result;
//   openness::Status s = openness::ScanPath("models/tiny", {}, &result);
//   if (!s.ok()) { /* the target could not be read at all: exit status 2 */ }
//   std::string json = openness::ReportToJson(result.report).dump(2);
#ifndef OPENNESS_SCAN_H_
#define OPENNESS_SCAN_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "openness/hub.h"
#include "openness/hashing.h"
#include "openness/limits.h"
#include "openness/release.h"
#include "openness/report.h"
#include "openness/status.h"

namespace openness {

struct ScanOptions {
  Limits limits = DefaultLimits();
  /// Read every weights file present and fill weights.files[].sha256 (hashing.h). Off by
  /// default: a scan otherwise reads headers only.
  bool hash = false;
  HashOptions hash_options;
  /// Treat the release as publishing weights although the folder holds none (a card folder
  /// audited as the Hub release it documents). Set by callers that know; scan never guesses.
  bool assume_weights_published = false;
  /// Hub targets: endpoint, token, cache, --offline, --history. Unset: HubOptionsFromEnv().
  std::optional<HubOptions> hub;
  /// A client shared by many scans (connection reuse, one memo of lookups); when null, each Hub
  /// scan makes its own from `hub`.
  std::shared_ptr<HubClient> hub_client;
};

struct ScanResult {
  Report report;
  std::vector<Problem> problems;    ///< files that could not be read; also findings in the report
  uint64_t weights_bytes_read = 0;  ///< bytes read from weights files (headers only)
};

/// Audits a local folder, a single model file, or a Hub repository ("org/name", "org/name@rev",
/// "hf://org/name@rev": see HubTargetOf; a local path that exists wins). Returns an error only when the target cannot be
/// read at all; problems with single files are in out->problems and the report.
Status ScanPath(const std::string& path, const ScanOptions& options, ScanResult* out);

/// Audits a release another source has already listed (the Hugging Face cache, the Ollama store):
/// the evidence, assessment and report stages of ScanPath. Never fails as a whole.
Status ScanRelease(Release release, const ScanOptions& options, ScanResult* out);

/// Audits a Hugging Face Hub repository (hub.h): the API's metadata, the files the evidence
/// stage reads, weights headers through Range requests, dataset cards, base models and, with
/// options.hub->history, the license history. Errors when the repository cannot be read at all
/// (missing, private without a token, disabled, network, offline and not cached).
Status ScanHub(const HubRef& ref, const ScanOptions& options, ScanResult* out);

}  // namespace openness

#endif  // OPENNESS_SCAN_H_
