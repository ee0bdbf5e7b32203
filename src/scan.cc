#include "openness/scan.h"

#include "openness/assessment.h"
#include "openness/hashing.h"
#include "openness/license_keys.h"
#include "openness/release_evidence.h"

namespace openness {

Status ScanPath(const std::string& path, const ScanOptions& options, ScanResult* out) {
  if (std::optional<HubRef> hub = HubTargetOf(path)) return ScanHub(*hub, options, out);
  Release release;
  Status s = ListRelease(path, options.limits, &release);
  if (!s.ok()) return s;
  return ScanRelease(std::move(release), options, out);
}

Status ScanRelease(Release release, const ScanOptions& options, ScanResult* out) {
  ReleaseEvidence ev;
  CollectEvidence(std::move(release), options.limits, &ev);
  AssessOptions assess;
  assess.assume_weights_published = options.assume_weights_published;
  out->report = AssessRelease(ev, LicenseTable::Builtin(), assess);
  out->problems = ev.problems;
  out->weights_bytes_read = ev.weights_bytes_read;
  if (options.hash) HashWeights(ev.release, options.hash_options, &out->report, &out->problems);
  return Status::Ok();
}

}  // namespace openness
