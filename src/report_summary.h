// Report summary: what the human formats (Markdown, HTML, compare) say about a report beyond
// its fields: the verdict line, labels for use cases and components, tones for colouring,
// conditions merged across use cases, the lineage as levels, and where evidence links to.
//
// Everything here is derived from the report alone; nothing is looked up or guessed.
#ifndef OPENNESS_SRC_REPORT_SUMMARY_H_
#define OPENNESS_SRC_REPORT_SUMMARY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/report.h"

namespace openness {

/// How a value reads to someone deciding whether to use the model.
enum class Tone { kGood, kCaution, kBad, kUnknown };
std::string_view ToneName(Tone tone);  ///< "good" | "caution" | "bad" | "unknown"

/// "Commercial use", "Hosted service (SaaS)", ...; the id itself for an unknown use case.
std::string_view UseCaseLabel(std::string_view use_case);
/// The same in running text: "commercial use", "hosting as a service", ...
std::string_view UseCaseNoun(std::string_view use_case);
/// "Model architecture", "Model parameters (final)", ...; the id itself when unknown.
std::string_view ComponentLabel(std::string_view component_id);

Tone RightTone(RightStatus status);
Tone LevelTone(std::string_view level);
Tone OsaidTone(std::string_view status);
/// Present and open (or license unknown) is good, present under a license that is not open is
/// caution, absent is bad, unknown is unknown.
Tone ComponentTone(const Component& component);
/// "present", "present, not open", "absent", "unknown".
std::string ComponentStatusText(const Component& component);

/// The MOF classes from the entry class up, with the framework's names.
struct MofClassInfo {
  std::string_view id;    ///< "III" | "II" | "I"
  std::string_view name;  ///< "Open Model" | "Open Tooling" | "Open Science"
};
inline constexpr std::array<MofClassInfo, 3> kMofClasses = {
    MofClassInfo{"III", "Open Model"}, {"II", "Open Tooling"}, {"I", "Open Science"}};

/// The answer first: one headline with a tone, a sentence of detail, and the evidence it rests
/// on (the license declarations and detections; the rights table cites each condition).
struct Verdict {
  Tone tone = Tone::kUnknown;
  std::string headline;
  std::string detail;
  std::vector<Evidence> evidence;
};
Verdict SummarizeVerdict(const Report& report);

/// The effective license names joined by " + ", or "no license identified".
std::string LicenseNames(const Report& report);

/// A condition as it applies across use cases: identical code, text and evidence merged.
struct ConditionGroup {
  std::string code;
  std::string text;
  Evidence evidence;
  std::vector<std::string> use_cases;  ///< in kUseCases order
};
std::vector<ConditionGroup> GroupConditions(const Report& report);

/// The lineage as levels below the subject: level 0 holds the release's own bases (entries
/// without `child`, or whose child is the subject), level k+1 the bases of the models on level
/// k (entries whose `child` names one of them). Entries that fit nowhere (a child no entry has,
/// a cycle) join level 0. Report order within a level.
std::vector<std::vector<const LineageEntry*>> LineageLevels(const Report& report);

/// How an OSAID reason reads, from the words of its code: "...-not-assessed", "...-unknown" are
/// undetermined; "...-restricts-...", "...-missing", "...-absent", "...-not-open", "...-closed",
/// "...-fail..." are unmet; anything else is met.
enum class ReasonMark { kMet, kUnmet, kUndetermined };
ReasonMark ClassifyReason(std::string_view code);
/// The reason's own status when the assessment set it (pass, fail, undetermined), otherwise
/// ClassifyReason of its code.
ReasonMark MarkOf(const Reason& reason);

/// "README.md:2", "config.json", "[general.license]" or the URL: the place to cite.
std::string EvidenceLocation(const Evidence& evidence);
/// Where evidence.file can be opened: the Hub's blob view (with #L<line>) for Hub subjects, the
/// local file (file:// for an absolute subject path, a relative reference otherwise). nullopt
/// without a file or a subject path. Percent-encoded; HTML-escape it before use in an attribute.
std::optional<std::string> EvidenceFileHref(const Subject& subject, const Evidence& evidence);

/// 16 -> "16", 8030261248 -> "8.0B".
std::string HumanParameters(uint64_t parameters);

}  // namespace openness

#endif  // OPENNESS_SRC_REPORT_SUMMARY_H_
