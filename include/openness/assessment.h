// Assessment: the stages that turn release evidence into a report.
//
//   IdentifyLicenses  declared ids (card, GGUF, safetensors metadata) and license-file titles
//                     -> license.declared / detected / effective, license findings
//   AssessRights      effective licenses -> the five use cases, with conditions and evidence
//   AssessOpenness    evidence + licenses -> MOF components, OSAID, the level ladder
//   TraceLineage      base_model (card) and general.base_model.* (GGUF) -> lineage
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
void AssessRights(const LicenseTable& table, Report* report);
void AssessOpenness(const ReleaseEvidence& ev, const LicenseTable& table, Report* report);
void TraceLineage(const ReleaseEvidence& ev, Report* report);

/// Subject, weights and the evidence findings (unsafe pickles, gates, LFS pointers, unreadable
/// files), then every stage above.
Report AssessRelease(const ReleaseEvidence& ev, const LicenseTable& table);

}  // namespace openness

#endif  // OPENNESS_ASSESSMENT_H_
