#include "openness/scan.h"

#include "openness/assessment.h"
#include "openness/license_keys.h"
#include "openness/release_evidence.h"

namespace openness {

Status ScanPath(const std::string& path, const ScanOptions& options, ScanResult* out) {
  Release release;
  Status s = ListRelease(path, options.limits, &release);
  if (!s.ok()) return s;
  ReleaseEvidence ev;
  CollectEvidence(std::move(release), options.limits, &ev);
  out->report = AssessRelease(ev, LicenseTable::Builtin());
  out->problems = ev.problems;
  out->weights_bytes_read = ev.weights_bytes_read;
  return Status::Ok();
}

}  // namespace openness
