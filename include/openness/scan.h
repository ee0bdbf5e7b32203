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

#include <string>
#include <vector>

#include "openness/limits.h"
#include "openness/release.h"
#include "openness/report.h"
#include "openness/status.h"

namespace openness {

struct ScanOptions {
  Limits limits = DefaultLimits();
};

struct ScanResult {
  Report report;
  std::vector<Problem> problems;    ///< files that could not be read; also findings in the report
  uint64_t weights_bytes_read = 0;  ///< bytes read from weights files (headers only)
};

/// Audits a local folder or a single model file. Returns an error only when the target cannot be
/// read at all; problems with single files are in out->problems and the report.
Status ScanPath(const std::string& path, const ScanOptions& options, ScanResult* out);

}  // namespace openness

#endif  // OPENNESS_SCAN_H_
