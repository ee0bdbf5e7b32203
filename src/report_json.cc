// ReportToJson: the report contract, field by field, in the contract's order.
#include "openness/report_writer.h"

namespace openness {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json OrNull(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json EvidenceList(const std::vector<Evidence>& list) {
  Json out = Json::array();
  for (const Evidence& e : list) out.push_back(EvidenceToJson(e));
  return out;
}

}  // namespace

Json EvidenceToJson(const Evidence& e) {
  Json j;
  j["file"] = OrNull(e.file);
  j["line"] = OrNull(e.line);
  j["key"] = OrNull(e.key);
  j["url"] = OrNull(e.url);
  j["excerpt"] = OrNull(e.excerpt);
  return j;
}

Json ReportToJson(const Report& r) {
  Json j;
  j["schema"] = kReportSchema;
  j["tool"] = {{"name", "openness"}, {"version", r.tool_version}};
  j["subject"] = {{"source", r.subject.source},
                  {"id", r.subject.id},
                  {"path", OrNull(r.subject.path)},
                  {"revision", OrNull(r.subject.revision)}};

  Json files = Json::array();
  for (const WeightsFile& f : r.weights.files) {
    files.push_back({{"path", f.path},
                     {"format", f.format},
                     {"bytes", f.bytes},
                     {"sha256", OrNull(f.sha256)},
                     {"present", f.present},
                     {"parameters", OrNull(f.parameters)},
                     {"error", OrNull(f.error)}});
  }
  j["weights"] = {{"published", OrNull(r.weights.published)},
                  {"formats", r.weights.formats},
                  {"parameters", OrNull(r.weights.parameters)},
                  {"files", files},
                  {"evidence", EvidenceList(r.weights.evidence)}};

  Json effective = Json::array(), declared = Json::array(), detected = Json::array();
  for (const EffectiveLicense& e : r.license.effective) {
    effective.push_back({{"key", e.key},
                         {"name", e.name},
                         {"spdx", e.spdx},
                         {"osi_approved", e.osi_approved},
                         {"open", e.open}});
  }
  for (const DeclaredLicense& d : r.license.declared) {
    declared.push_back({{"value", d.value}, {"evidence", EvidenceToJson(d.evidence)}});
  }
  for (const DetectedLicense& d : r.license.detected) {
    detected.push_back(
        {{"key", d.key}, {"confidence", d.confidence}, {"evidence", EvidenceToJson(d.evidence)}});
  }
  j["license"] = {{"effective", effective}, {"declared", declared}, {"detected", detected}};

  Json rights = Json::object();
  for (std::string_view use_case : kUseCases) {
    const Right& right = r.rights.at(std::string(use_case));
    Json conditions = Json::array();
    for (const Condition& c : right.conditions) {
      conditions.push_back(
          {{"code", c.code}, {"text", c.text}, {"evidence", EvidenceToJson(c.evidence)}});
    }
    rights[std::string(use_case)] = {{"status", RightStatusName(right.status)},
                                     {"conditions", conditions}};
  }
  j["rights"] = rights;

  Json components = Json::object();
  for (std::string_view id : kMofComponents) {
    const Component& c = r.components.at(std::string(id));
    components[std::string(id)] = {{"status", ComponentStatusName(c.status)},
                                   {"license", OrNull(c.license)},
                                   {"open", OrNull(c.open)},
                                   {"evidence", EvidenceList(c.evidence)}};
  }
  j["components"] = components;

  const Openness& o = r.openness;
  Json reasons = Json::array();
  for (const Reason& reason : o.osaid_reasons) {
    reasons.push_back({{"code", reason.code},
                       {"text", reason.text},
                       {"evidence", EvidenceList(reason.evidence)}});
  }
  Json progress = nullptr;
  if (o.mof_progress) {
    progress = Json::object();
    for (const char* cls : {"III", "II", "I"}) {
      auto it = o.mof_progress->find(cls);
      progress[cls] = it == o.mof_progress->end() ? 0.0 : it->second;
    }
  }
  j["openness"] = {{"level", o.level},
                   {"justification", o.justification},
                   {"osaid", {{"status", o.osaid_status}, {"reasons", reasons}}},
                   {"mof", {{"class", OrNull(o.mof_class)}, {"progress", progress}}}};

  Json lineage = Json::array();
  for (const LineageEntry& l : r.lineage) {
    lineage.push_back({{"id", l.id},
                       {"relation", l.relation},
                       {"license", OrNull(l.license)},
                       {"evidence", EvidenceToJson(l.evidence)}});
  }
  j["lineage"] = lineage;

  Json findings = Json::array();
  for (const Finding& f : r.findings) {
    findings.push_back({{"code", f.code},
                        {"severity", SeverityName(f.severity)},
                        {"message", f.message},
                        {"evidence", EvidenceList(f.evidence)}});
  }
  j["findings"] = findings;
  return j;
}

}  // namespace openness
