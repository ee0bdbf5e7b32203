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
};

struct DeclaredLicense {
  std::string value;
  Evidence evidence;
};

struct DetectedLicense {
  std::string key;
  double confidence = 0;
  Evidence evidence;
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
  std::map<std::string, Right> rights;          ///< keyed by kUseCases
  std::map<std::string, Component> components;  ///< keyed by kMofComponents
  Openness openness;
  std::vector<LineageEntry> lineage;
  std::vector<Finding> findings;

  /// A report with every use case and component present and unknown.
  static Report Empty();
};

}  // namespace openness

#endif  // OPENNESS_REPORT_H_
