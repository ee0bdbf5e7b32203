// MOF: the Model Openness Framework class, computed exactly as the Model Openness Tool does.
//
// The Model Openness Tool (lfai/model_openness_tool, mot.isitopen.ai) rates a model release from a
// YAML "model file" that lists the released components and their licenses. This is a port of its
// evaluator: license resolution (component license, else the global license of the component's
// content type, else the distribution license), the open-license lists (OSI-approved or
// FSF-libre in its license database, its open-data list, OpenMDW-1.0; ids matched exactly), the
// research paper standing in for a missing technical report, cumulative classes III -> II -> I,
// and progress per class. docs/openness.md explains it for users.
//
// **Example**:
//   openness::MofModel model;
//   openness::Status s = openness::ParseMofYaml(text, openness::DefaultLimits(), &model);
//   openness::MofEvaluation e = openness::EvaluateMof(model);
//   // e.mof_class == 1 for a Class I "Open Science" release; e.progress[3] is Class III's %.
#ifndef OPENNESS_MOF_H_
#define OPENNESS_MOF_H_

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/license_keys.h"
#include "openness/limits.h"
#include "openness/report.h"
#include "openness/status.h"

namespace openness {

enum class MofContentType { kCode, kData, kDocument };
std::string_view MofContentTypeName(MofContentType type);  // "code" | "data" | "document"

/// One of the 17 components as the MOT configures it.
struct MofComponentInfo {
  int id = 0;                  ///< the MOT's component id
  std::string_view name;       ///< exact name in model files ("Model parameters (Final)")
  std::string_view report_id;  ///< our report id ("model-parameters-final")
  MofContentType type = MofContentType::kCode;
  int mof_class = 3;  ///< the lowest class that requires it (III = 3 is the lowest)
  bool required = true;
};

/// The 17 components in the MOT's configuration order (Datasets first: an unknown name in a
/// model file maps to it, as in the MOT).
const std::array<MofComponentInfo, 17>& MofComponents();
const MofComponentInfo* MofComponentByName(std::string_view name);
const MofComponentInfo* MofComponentByReportId(std::string_view report_id);

struct MofLicenseRef {
  std::string name;
  std::string path;
};

struct MofComponentEntry {
  std::string name;
  std::string description;
  /// Unset when the key is absent or null (the global license applies); "" for an explicit
  /// '' or "unlicensed" (the component is unlicensed, no fallback).
  std::optional<std::string> license;
  std::optional<std::string> license_path;
  std::optional<std::string> component_path;
  /// Beyond the MOT: comments the writer puts above the entry (evidence for the reader).
  std::vector<std::string> notes;
};

struct MofModel {
  std::string framework_name = "Model Openness Framework";
  std::string framework_version = "1.0";
  std::string framework_date = "2024-12-15";
  std::string name, version, date, type, architecture, origin, producer, contact, repository,
      huggingface;
  std::optional<MofLicenseRef> distribution, code, data, document;  ///< release.license.*
  std::vector<MofComponentEntry> components;                        ///< release.components
};

/// included: listed with an open license; optional: an optional component listed with an open
/// license; missing: a required component not listed; unlicensed: listed, no license resolved;
/// invalid: listed with a license that is not open; not-listed: an optional component not listed.
enum class MofStatus { kIncluded, kOptional, kMissing, kUnlicensed, kInvalid, kNotListed };
std::string_view MofStatusName(MofStatus status);

struct MofComponentResult {
  const MofComponentInfo* info = nullptr;
  MofStatus status = MofStatus::kMissing;
  std::optional<std::string> license;  ///< as resolved; unset when unlicensed or not listed
  bool type_appropriate = false;       ///< the license's content types include the component's
};

struct MofEvaluation {
  int mof_class = 0;                 ///< 1, 2, 3, or 0 (unclassified)
  std::string label;                 ///< "Class I - Open Science Model", ..., "Unclassified"
  std::array<double, 4> progress{};  ///< progress[1..3] in percent; [0] unused
  std::vector<MofComponentResult> components;  ///< in MofComponents() order
  /// Things the MOT only warns about (open but not type-appropriate licenses, unknown names).
  std::vector<std::string> warnings;
};

/// The MOT's isOpenSourceLicense: exact, case-sensitive id. Pure.
bool MofLicenseIsOpen(std::string_view id);
/// The content types the MOT's license database gives the id (empty for most).
std::vector<MofContentType> MofLicenseContentTypes(std::string_view id);

/// Evaluates a model file's release. Pure.
MofEvaluation EvaluateMof(const MofModel& model);

/// "I", "II", "III" for 1..3, "none" for 0.
std::string_view MofClassName(int mof_class);

/// Reads a MOF/MOT model file (YAML), bounded by limits.card_bytes, limits.yaml_nodes and
/// limits.nesting_depth. Only the release mapping matters to the evaluation; framework and the
/// descriptive fields are kept for the writer.
Status ParseMofYaml(std::string_view text, const Limits& limits, MofModel* out);

/// A model file in the MOT's layout (schema/sample_model.yml), ready to submit.
std::string WriteMofYaml(const MofModel& model);

/// The MOF view of an audit: every component the report found present is listed, with its
/// license's SPDX id (or name) when known and "unlicensed" otherwise; the weights' license is the
/// distribution license. Notes carry the evidence.
MofModel MofModelFromReport(const Report& report, const LicenseTable& table);

}  // namespace openness

#endif  // OPENNESS_MOF_H_
