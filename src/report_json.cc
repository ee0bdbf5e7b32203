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

Json PassageOrNull(const std::optional<CardPassage>& p) {
  if (!p) return nullptr;
  return {{"text", p->text}, {"evidence", EvidenceToJson(p->evidence)}};
}

// Beyond the contract: report.model (ModelFacts).
Json ModelFactsToJson(const ModelFacts& m) {
  Json hyper = Json::object();
  for (const auto& [k, v] : m.hyperparameters) hyper[k] = v;
  Json datasets = Json::array();
  for (const DatasetRef& d : m.datasets) {
    datasets.push_back({{"id", d.id},
                        {"use", d.use},
                        {"license", OrNull(d.license)},
                        {"evidence", EvidenceList(d.evidence)},
                        {"license_evidence",
                         d.license_evidence ? EvidenceToJson(*d.license_evidence) : Json()}});
  }
  Json results = Json::array();
  for (const EvalResult& e : m.eval_results) {
    results.push_back({{"task", e.task},
                       {"dataset", e.dataset},
                       {"dataset_name", e.dataset_name},
                       {"metric", e.metric},
                       {"value", e.value},
                       {"evidence", EvidenceToJson(e.evidence)}});
  }
  Json links = Json::array();
  for (const ModelLink& l : m.links) {
    links.push_back({{"kind", l.kind}, {"url", l.url}, {"evidence", EvidenceToJson(l.evidence)}});
  }
  Json j;
  j["architecture"] = OrNull(m.architecture);
  j["family"] = OrNull(m.family);
  j["task"] = OrNull(m.task);
  j["library"] = OrNull(m.library);
  j["languages"] = m.languages;
  j["hyperparameters"] = hyper;
  j["datasets"] = datasets;
  j["eval_results"] = results;
  j["links"] = links;
  j["intended_use"] = PassageOrNull(m.intended_use);
  j["limitations"] = PassageOrNull(m.limitations);
  j["training"] = PassageOrNull(m.training);
  j["evidence"] = EvidenceList(m.evidence);
  return j;
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
                         {"open", e.open},
                         {"version", OrNull(e.version)}});
  }
  for (const DeclaredLicense& d : r.license.declared) {
    declared.push_back({{"value", d.value}, {"evidence", EvidenceToJson(d.evidence)}});
  }
  for (const DetectedLicense& d : r.license.detected) {
    Json changes = Json::array();
    for (const LicenseTextChange& c : d.differences) {
      changes.push_back(
          {{"kind", c.kind}, {"line", c.line}, {"end_line", c.end_line}, {"text", c.text},
           {"changes_a_number", c.changes_a_number}});
    }
    detected.push_back({{"key", d.key},
                        {"confidence", d.confidence},
                        {"evidence", EvidenceToJson(d.evidence)},
                        {"name", d.name},
                        {"spdx", d.spdx.empty() ? Json(nullptr) : Json(d.spdx)},
                        {"version", d.version.empty() ? Json(nullptr) : Json(d.version)},
                        {"document", d.document},
                        {"method", d.method},
                        {"end_line", OrNull(d.end_line)},
                        {"differences", changes}});
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
    Json rj = {{"code", reason.code}};
    if (reason.status) rj["status"] = *reason.status;
    rj["text"] = reason.text;
    rj["evidence"] = EvidenceList(reason.evidence);
    reasons.push_back(std::move(rj));
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
    Json lj = {{"id", l.id},
               {"relation", l.relation},
               {"license", OrNull(l.license)},
               {"evidence", EvidenceToJson(l.evidence)}};
    if (l.license_evidence) lj["license_evidence"] = EvidenceToJson(*l.license_evidence);
    if (l.osaid) lj["osaid"] = *l.osaid;
    if (l.child) lj["child"] = *l.child;
    lineage.push_back(std::move(lj));
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
  j["model"] = ModelFactsToJson(r.model);
  return j;
}

}  // namespace openness
