// Report: the audit of one model release, field for field the JSON report contract
// (docs/report-contract.md, schema "openness/report/v1").
//
// The assessment stage fills it; the writers in report_writer.h turn it into JSON, text and the
// later formats. Optional fields are written as null; enumerations are written lower-case.
#ifndef OPENNESS_REPORT_H_
#define OPENNESS_REPORT_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openness/evidence.h"

namespace openness {

inline constexpr std::string_view kReportSchema = "openness/report/v1";

struct Subject {
  std::string source = "local";  ///< "local" | "file" | "hub" | "hf-cache" | "ollama"
  std::string id;
  std::optional<std::string> path;
  std::optional<std::string> revision;
};

struct WeightsFile {
  std::string path;
  std::string format;
  uint64_t bytes = 0;
  std::optional<std::string> sha256;
  // Beyond the contract: what the header says.
  bool present = true;                 ///< false for a Git LFS pointer (not downloaded)
  std::optional<uint64_t> parameters;  ///< from this file's header
  std::optional<std::string> error;    ///< why the header could not be read
};

struct Weights {
  std::optional<bool> published;
  std::vector<std::string> formats;
  std::optional<uint64_t> parameters;
  std::vector<WeightsFile> files;
  std::vector<Evidence> evidence;  ///< beyond the contract: why published is what it is
};

struct EffectiveLicense {
  std::string key;
  std::string name;
  std::string spdx;
  bool osi_approved = false;
  bool open = false;
  // Beyond the contract:
  std::optional<std::string> version;  ///< version or date of the governing text, when known
};

struct DeclaredLicense {
  std::string value;
  Evidence evidence;
};

/// Beyond the contract: where a matched text departs from the reference text.
struct LicenseTextChange {
  std::string kind;      ///< "added" | "removed" | "changed"
  int64_t line = 0;      ///< first line of the file concerned
  int64_t end_line = 0;  ///< last line
  std::string text;      ///< "added text at lines 214-220"
  bool changes_a_number = false;  ///< a threshold, amount or date differs from the reference
};

struct DetectedLicense {
  std::string key;
  double confidence = 0;
  Evidence evidence;  ///< the file, and the line where the matched text starts
  // Beyond the contract:
  std::string name;     ///< the matched reference's title (the SPDX name for SPDX texts)
  std::string spdx;     ///< SPDX id, when the reference has one
  std::string version;  ///< version or date of the matched text, "" when it has none
  std::string document = "license";  ///< "license" | "acceptable-use-policy"
  std::string method;   ///< "exact" | "similar" (bigram Dice) | "title" (heading only)
  std::optional<int64_t> end_line;   ///< last line of the matched text
  std::vector<LicenseTextChange> differences;  ///< for a near match: what differs
};

struct LicenseSection {
  std::vector<EffectiveLicense> effective;
  std::vector<DeclaredLicense> declared;
  std::vector<DetectedLicense> detected;
};

enum class RightStatus { kAllowed, kConditional, kProhibited, kUnknown };
std::string_view RightStatusName(RightStatus status);

struct Condition {
  std::string code;
  std::string text;
  Evidence evidence;
};

struct Right {
  RightStatus status = RightStatus::kUnknown;
  std::vector<Condition> conditions;
};

/// The five use cases, in contract order.
inline constexpr std::array<std::string_view, 5> kUseCases = {
    "commercial", "saas", "redistribute", "derivatives", "train-other-models"};

enum class ComponentStatus { kPresent, kAbsent, kUnknown };
std::string_view ComponentStatusName(ComponentStatus status);

struct Component {
  ComponentStatus status = ComponentStatus::kUnknown;
  std::optional<std::string> license;
  std::optional<bool> open;
  std::vector<Evidence> evidence;
};

/// The 17 Model Openness Framework component ids, in contract order.
inline constexpr std::array<std::string_view, 17> kMofComponents = {
    "model-architecture",      "model-parameters-final", "model-parameters-intermediate",
    "training-code",           "inference-code",         "evaluation-code",
    "data-preprocessing-code", "supporting-libraries",   "datasets",
    "evaluation-data",         "model-metadata",         "sample-model-outputs",
    "model-card",              "data-card",              "technical-report",
    "research-paper",          "evaluation-results"};

struct Reason {
  std::string code;
  std::string text;
  std::vector<Evidence> evidence;
  std::optional<std::string> status;  ///< beyond the contract: pass | fail | undetermined
};

struct Openness {
  std::string level = "undetermined";  ///< closed | open-weights-restricted | open-weights |
                                       ///< open-source | undetermined
  std::string justification;           ///< beyond the contract: one sentence naming what is missing
  std::string osaid_status = "undetermined";  ///< pass | fail | undetermined
  std::vector<Reason> osaid_reasons;
  /// I | II | III | none; unset (null) until the MOF assessment has run.
  std::optional<std::string> mof_class;
  std::optional<std::map<std::string, double>> mof_progress;  ///< "III", "II", "I" -> 0..100
};

struct LineageEntry {
  std::string id;
  std::string relation = "unknown";  ///< finetune | adapter | merge | quantized | unknown
  std::optional<std::string> license;
  Evidence evidence;
  // Beyond the contract:
  std::optional<Evidence> license_evidence;  ///< where the base's license came from
  std::optional<std::string> osaid;          ///< the base's published OSAID result: pass | fail
  /// The model that names this one as its base, when that is not the audited release (the
  /// further links of a base-model chain); unset for the release's own bases.
  std::optional<std::string> child;
};

// Beyond the contract: what the release says about the model itself, for the bills of materials
// (bom.h) and the human reports. Filled by DescribeModel (assessment.h).

/// A dataset the release names: trained on, or evaluated on.
struct DatasetRef {
  std::string id;                      ///< Hub dataset id, or the name as written
  std::string use = "training";        ///< "training" | "evaluation"
  std::optional<std::string> license;  ///< license key, when a dataset card or our data says
  std::vector<Evidence> evidence;      ///< where the release names it
  std::optional<Evidence> license_evidence;  ///< where the license comes from
};

/// One structured evaluation result (the card's model-index).
struct EvalResult {
  std::string task;          ///< task type, e.g. "text-generation"
  std::string dataset;       ///< dataset id (dataset.type)
  std::string dataset_name;  ///< pretty name (dataset.name)
  std::string metric;        ///< metric type, e.g. "accuracy"
  std::string value;         ///< as written ("20.0 ± 1.2" stays text)
  Evidence evidence;
};

/// A link of the card: "code-repository", "paper", or "license" (the card's license_link URL).
struct ModelLink {
  std::string kind;
  std::string url;
  Evidence evidence;
};

/// The text of a card section (limitations, intended uses, training), collapsed and cut to at
/// most kMaxBytes.
struct CardPassage {
  static constexpr size_t kMaxBytes = 1000;
  std::string text;
  Evidence evidence;  ///< the card file and the heading's line
};

struct ModelFacts {
  std::optional<std::string> architecture;  ///< config.json architectures[0], e.g. LlamaForCausalLM
  std::optional<std::string> family;  ///< config.json model_type or GGUF general.architecture
  std::optional<std::string> task;    ///< card pipeline_tag
  std::optional<std::string> library;  ///< card library_name
  std::vector<std::string> languages;  ///< card language
  /// Shape keys of config.json or GGUF metadata (hidden_size, block_count, ...), in source order.
  std::vector<std::pair<std::string, std::string>> hyperparameters;
  std::vector<DatasetRef> datasets;
  std::vector<EvalResult> eval_results;
  std::vector<ModelLink> links;
  std::optional<CardPassage> intended_use;
  std::optional<CardPassage> limitations;
  std::optional<CardPassage> training;
  std::vector<Evidence> evidence;  ///< where architecture, family, task and library come from
};

enum class Severity { kError, kWarning, kInfo };
std::string_view SeverityName(Severity severity);

struct Finding {
  std::string code;
  Severity severity = Severity::kInfo;
  std::string message;
  std::vector<Evidence> evidence;
};

struct Report {
  std::string tool_version;
  Subject subject;
  Weights weights;
  LicenseSection license;
  /// Keyed by kUseCases; AssessRights also adds "research" (scan --use research), which the
  /// JSON report does not carry.
  std::map<std::string, Right> rights;
  std::map<std::string, Component> components;  ///< keyed by kMofComponents
  Openness openness;
  std::vector<LineageEntry> lineage;
  std::vector<Finding> findings;
  ModelFacts model;  ///< beyond the contract

  /// A report with every use case and component present and unknown.
  static Report Empty();
};

}  // namespace openness

#endif  // OPENNESS_REPORT_H_
