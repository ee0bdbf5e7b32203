// Assessment: the stages that turn release evidence into a report.
//
//   IdentifyLicenses  declared ids (card, GGUF, safetensors metadata) and license-file titles
//                     -> license.declared / detected / effective, license findings
//   AssessRights      effective licenses (their terms in license_terms.h, their shipped texts
//                     read by license_clauses.h) -> the five use cases, with conditions and
//                     the file and line of each clause
//   AssessOpenness    evidence + licenses -> MOF components, OSAID, the level ladder
//   TraceLineage      base_model (card), general.base_model.* (GGUF), card prose -> lineage,
//                     base licenses, license-conflicts-with-base
//
// Each stage reads the evidence and what earlier stages wrote into the report, so a later, better
// implementation of one stage (the license engine, the openness frameworks) replaces just that
// function. AssessRelease runs them all in order.
#ifndef OPENNESS_ASSESSMENT_H_
#define OPENNESS_ASSESSMENT_H_

#include "openness/license_keys.h"
#include "openness/release_evidence.h"
#include "openness/report.h"

namespace openness {

void IdentifyLicenses(const ReleaseEvidence& ev, const LicenseTable& table, Report* report);
void AssessRights(const ReleaseEvidence& ev, const LicenseTable& table, Report* report);
void AssessOpenness(const ReleaseEvidence& ev, const LicenseTable& table, Report* report);
void TraceLineage(const ReleaseEvidence& ev, Report* report);
/// Also resolves each base's license and reports license-conflicts-with-base, in which case the
/// base license replaces the conflicting one in license.effective (so it runs before rights).
void TraceLineage(const ReleaseEvidence& ev, const LicenseTable& table, Report* report);

/// Beyond the verdicts: architecture, task, datasets (with licenses when known), evaluation
/// results, links and card passages -> report->model, for the BOMs and human reports.
void DescribeModel(const ReleaseEvidence& ev, Report* report);

struct AssessOptions {
  /// The caller vouches that the release publishes weights although none are in the folder (the
  /// evaluation harness auditing a card folder as the Hub release it documents). Never guessed.
  bool assume_weights_published = false;
};

/// Subject, weights and the evidence findings (unsafe pickles, gates, LFS pointers, unreadable
/// files), then every stage above: licenses, lineage, rights, openness.
Report AssessRelease(const ReleaseEvidence& ev, const LicenseTable& table);
Report AssessRelease(const ReleaseEvidence& ev, const LicenseTable& table,
                     const AssessOptions& options);

}  // namespace openness

#endif  // OPENNESS_ASSESSMENT_H_
