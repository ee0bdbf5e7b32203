// CycloneDxBom: a report as a CycloneDX 1.6 ML-BOM (JSON).
//
// Layout: metadata.component is the audited model (type machine-learning-model) with its
// modelCard, licenses, external references, the weights files as nested file components with
// their SHA-256, and the audit's verdicts as openness:* properties. components[] holds the
// datasets (type data, referenced from modelCard.modelParameters.datasets) and the base models;
// dependencies[] is the base-model chain. Everything comes from the report, in report order.
#include <string>

#include "bom_internal.h"
#include "openness/bom.h"
#include "openness/hashing.h"

namespace openness {
namespace {

using Json = nlohmann::ordered_json;
using bom::BomLicense;

constexpr size_t kMaxEvidenceProps = 8;

const std::string kModelRef = "openness:model";

std::string DatasetBomRef(const std::string& id) { return "openness:dataset:" + id; }
std::string BaseBomRef(const std::string& id) { return "openness:base-model:" + id; }
std::string FileBomRef(const std::string& path) { return "openness:file:" + path; }

Json Prop(std::string name, std::string value) {
  return {{"name", std::move(name)}, {"value", std::move(value)}};
}

void AddEvidenceProps(const std::vector<Evidence>& evidence, Json* props) {
  size_t n = 0;
  for (const Evidence& e : evidence) {
    if (n++ == kMaxEvidenceProps) break;
    const std::string text = bom::EvidenceText(e);
    if (!text.empty()) props->push_back(Prop("openness:evidence", text));
  }
}

Json LicenseEntry(const BomLicense& b, const char* acknowledgement) {
  Json lic;
  if (!b.spdx.empty()) {
    lic["id"] = b.spdx;
  } else {
    lic["name"] = b.name.empty() ? b.ref : b.name;
  }
  lic["acknowledgement"] = acknowledgement;
  if (b.url) lic["url"] = bom::IriSafe(*b.url);
  Json props = Json::array();
  if (!b.key.empty()) props.push_back(Prop("openness:license-key", b.key));
  if (b.spdx.empty()) props.push_back(Prop("openness:spdx-ref", b.ref));
  if (b.file) props.push_back(Prop("openness:license-file", *b.file));
  AddEvidenceProps(b.evidence, &props);
  if (!props.empty()) lic["properties"] = std::move(props);
  return {{"license", std::move(lic)}};
}

// Sets group and name from an id: "org/name" splits, anything else is the name.
void SetName(const std::string& id, Json* component) {
  if (bom::IsHubId(id)) {
    auto [group, name] = bom::SplitId(id);
    (*component)["group"] = group;
    (*component)["name"] = name;
  } else {
    (*component)["name"] = id;
  }
}

Json ExternalRef(const char* type, const std::string& url, const std::string& comment = "") {
  Json r = {{"type", type}, {"url", bom::IriSafe(url)}};
  if (!comment.empty()) r["comment"] = comment;
  return r;
}

Json WeightsFileComponent(const WeightsFile& f) {
  Json c = {{"type", "file"}, {"bom-ref", FileBomRef(f.path)}, {"name", f.path}};
  if (f.sha256 && bom::IsSha256Hex(*f.sha256)) {
    c["hashes"] = Json::array({{{"alg", "SHA-256"}, {"content", *f.sha256}}});
  }
  Json props = Json::array(
      {Prop("openness:weights-format", f.format), Prop("openness:bytes", std::to_string(f.bytes))});
  if (f.parameters) props.push_back(Prop("openness:parameters", std::to_string(*f.parameters)));
  if (!f.present) props.push_back(Prop("openness:present", "false (Git LFS pointer)"));
  c["properties"] = std::move(props);
  return c;
}

Json ModelCardJson(const Report& r, const std::vector<std::string>& dataset_ids) {
  const ModelFacts& m = r.model;
  Json card = Json::object();
  Json params = Json::object();
  if (m.task) params["task"] = *m.task;
  if (m.family) params["architectureFamily"] = *m.family;
  if (m.architecture) params["modelArchitecture"] = *m.architecture;
  if (!dataset_ids.empty()) {
    Json refs = Json::array();
    for (const std::string& id : dataset_ids) refs.push_back({{"ref", DatasetBomRef(id)}});
    params["datasets"] = std::move(refs);
  }
  if (!params.empty()) card["modelParameters"] = std::move(params);

  if (!m.eval_results.empty()) {
    Json metrics = Json::array();
    for (const EvalResult& e : m.eval_results) {
      Json metric = {{"type", e.metric}, {"value", e.value}};
      std::string slice = e.dataset_name.empty() ? e.dataset : e.dataset_name;
      if (!e.task.empty()) slice += (slice.empty() ? "" : " ") + std::string("(") + e.task + ")";
      if (!slice.empty()) metric["slice"] = slice;
      metrics.push_back(std::move(metric));
    }
    card["quantitativeAnalysis"] = {{"performanceMetrics", std::move(metrics)}};
  }

  Json considerations = Json::object();
  if (m.intended_use) considerations["useCases"] = Json::array({m.intended_use->text});
  if (m.limitations) considerations["technicalLimitations"] = Json::array({m.limitations->text});
  if (!considerations.empty()) card["considerations"] = std::move(considerations);

  Json props = Json::array();
  if (m.library) props.push_back(Prop("openness:library", *m.library));
  for (const std::string& l : m.languages) props.push_back(Prop("openness:language", l));
  for (const auto& [k, v] : m.hyperparameters) {
    props.push_back(Prop("openness:hyperparameter:" + k, v));
  }
  if (m.training) props.push_back(Prop("openness:training", m.training->text));
  AddEvidenceProps(m.evidence, &props);
  if (!props.empty()) card["properties"] = std::move(props);
  return card;
}

Json ModelComponent(const Report& r, const std::vector<std::string>& dataset_ids) {
  Json c = {{"type", "machine-learning-model"}, {"bom-ref", kModelRef}};
  SetName(r.subject.id, &c);
  if (r.subject.revision) c["version"] = *r.subject.revision;

  Json licenses = Json::array();
  const std::vector<BomLicense> concluded = bom::ConcludedLicenses(r);
  for (const BomLicense& b : concluded) licenses.push_back(LicenseEntry(b, "concluded"));
  for (const BomLicense& b : bom::DeclaredLicenses(r)) {
    licenses.push_back(LicenseEntry(b, "declared"));
  }
  if (!licenses.empty()) c["licenses"] = std::move(licenses);

  const std::optional<std::string> page = bom::ModelPage(r);
  if (page && r.subject.revision) {
    auto [group, name] = bom::SplitId(r.subject.id);
    c["purl"] = "pkg:huggingface/" + group + "/" + name + "@" + *r.subject.revision;
  }

  Json refs = Json::array();
  if (page) {
    refs.push_back(ExternalRef("distribution", *page, "Hugging Face Hub"));
    refs.push_back(ExternalRef(
        "model-card", *page + "/blob/" + r.subject.revision.value_or("main") + "/README.md"));
  }
  for (const ModelLink& l : r.model.links) {
    if (l.kind == "code-repository") {
      refs.push_back(ExternalRef("vcs", l.url, "code repository named by the model card"));
    } else if (l.kind == "paper") {
      refs.push_back(ExternalRef("documentation", l.url, "paper named by the model card"));
    } else if (l.kind == "license") {
      refs.push_back(ExternalRef("license", l.url, "license_link of the model card"));
    }
  }
  // The text references the card does not give (a license outside the SPDX list), once each.
  for (const BomLicense& b : concluded) {
    if (!b.url || b.url_source.empty()) continue;
    bool seen = false;
    for (const Json& ref : refs) seen = seen || ref["url"] == bom::IriSafe(*b.url);
    if (!seen) {
      refs.push_back(
          ExternalRef("license", *b.url, (b.name.empty() ? b.ref : b.name) + ": " + b.url_source));
    }
  }
  if (!refs.empty()) c["externalReferences"] = std::move(refs);

  if (!r.weights.files.empty()) {
    Json files = Json::array();
    for (const WeightsFile& f : r.weights.files) files.push_back(WeightsFileComponent(f));
    c["components"] = std::move(files);
  }

  Json card = ModelCardJson(r, dataset_ids);
  if (!card.empty()) c["modelCard"] = std::move(card);

  Json props = Json::array({Prop("openness:subject-source", r.subject.source),
                            Prop("openness:level", r.openness.level)});
  if (!r.openness.justification.empty()) {
    props.push_back(Prop("openness:level-justification", r.openness.justification));
  }
  props.push_back(Prop("openness:osaid", r.openness.osaid_status));
  if (r.openness.mof_class) props.push_back(Prop("openness:mof-class", *r.openness.mof_class));
  for (std::string_view use : kUseCases) {
    auto it = r.rights.find(std::string(use));
    if (it == r.rights.end()) continue;
    const std::string name = "openness:right:" + std::string(use);
    props.push_back(Prop(name, std::string(RightStatusName(it->second.status))));
    std::string codes;
    for (const Condition& cond : it->second.conditions) {
      codes += (codes.empty() ? "" : ", ") + cond.code;
    }
    if (!codes.empty()) props.push_back(Prop(name + ":conditions", codes));
  }
  if (r.weights.published) {
    props.push_back(Prop("openness:weights-published", *r.weights.published ? "true" : "false"));
  }
  if (r.weights.parameters) {
    props.push_back(Prop("openness:parameters", std::to_string(*r.weights.parameters)));
  }
  for (const Finding& f : r.findings) {
    props.push_back(Prop("openness:finding", f.code + " (" + std::string(SeverityName(f.severity)) +
                                                 "): " + f.message));
  }
  c["properties"] = std::move(props);
  return c;
}

Json DatasetComponent(const std::string& id, const std::vector<const DatasetRef*>& uses) {
  Json c = {{"type", "data"}, {"bom-ref", DatasetBomRef(id)}};
  SetName(id, &c);
  const DatasetRef& first = *uses.front();
  if (first.license) {
    if (std::optional<BomLicense> b = bom::LicenseOfKey(*first.license, first.license_evidence)) {
      c["licenses"] = Json::array({LicenseEntry(*b, "declared")});
    }
  }
  const std::optional<std::string> page = bom::HubPage(id, /*dataset=*/true);
  if (page) {
    c["externalReferences"] = Json::array({ExternalRef("distribution", *page, "Hugging Face Hub")});
  }
  Json data = {{"type", "dataset"}, {"name", id}};
  if (page) data["contents"] = {{"url", bom::IriSafe(*page)}};
  c["data"] = Json::array({std::move(data)});
  Json props = Json::array();
  for (const DatasetRef* d : uses) props.push_back(Prop("openness:dataset-use", d->use));
  for (const DatasetRef* d : uses) AddEvidenceProps(d->evidence, &props);
  c["properties"] = std::move(props);
  return c;
}

Json BaseComponent(const LineageEntry& l) {
  Json c = {{"type", "machine-learning-model"}, {"bom-ref", BaseBomRef(l.id)}};
  SetName(l.id, &c);
  if (l.license) {
    if (std::optional<BomLicense> b = bom::LicenseOfKey(*l.license, l.license_evidence)) {
      c["licenses"] = Json::array({LicenseEntry(*b, "declared")});
    }
  }
  if (std::optional<std::string> page = bom::HubPage(l.id, /*dataset=*/false)) {
    c["externalReferences"] = Json::array({ExternalRef("distribution", *page, "Hugging Face Hub")});
  }
  Json props = Json::array({Prop("openness:relation", l.relation)});
  if (l.child) props.push_back(Prop("openness:base-of", *l.child));
  if (l.osaid) props.push_back(Prop("openness:osaid", *l.osaid));
  AddEvidenceProps({l.evidence}, &props);
  c["properties"] = std::move(props);
  return c;
}

}  // namespace

Status CycloneDxBom(const Report& r, const BomOptions& options, nlohmann::ordered_json* out) {
  if (!options.timestamp.empty() && !bom::IsUtcTimestamp(options.timestamp)) {
    return Status::InvalidArgument("timestamp '" + options.timestamp +
                                   "' is not of the form YYYY-MM-DDThh:mm:ssZ");
  }
  // Datasets by id (a dataset both trained and evaluated on is one component).
  std::vector<std::string> dataset_ids;
  std::vector<std::vector<const DatasetRef*>> dataset_uses;
  for (const DatasetRef& d : r.model.datasets) {
    size_t i = 0;
    while (i < dataset_ids.size() && dataset_ids[i] != d.id) ++i;
    if (i == dataset_ids.size()) {
      dataset_ids.push_back(d.id);
      dataset_uses.emplace_back();
    }
    dataset_uses[i].push_back(&d);
  }
  // Base models by id, first entry wins.
  std::vector<const LineageEntry*> bases;
  for (const LineageEntry& l : r.lineage) {
    bool seen = false;
    for (const LineageEntry* b : bases) seen = seen || b->id == l.id;
    if (!seen && !l.id.empty()) bases.push_back(&l);
  }

  Json metadata = Json::object();
  if (!options.timestamp.empty()) metadata["timestamp"] = options.timestamp;
  Json tool = {{"type", "application"}, {"name", "openness"}};
  if (!r.tool_version.empty()) tool["version"] = r.tool_version;
  tool["description"] = "audits AI model releases: license, rights, openness";
  metadata["tools"] = {{"components", Json::array({std::move(tool)})}};
  metadata["component"] = ModelComponent(r, dataset_ids);
  metadata["properties"] =
      Json::array({Prop("openness:report-schema", std::string(kReportSchema)),
                   Prop("openness:disclaimer",
                        "openness reports what the release's files say; it is not legal advice")});

  Json components = Json::array();
  for (size_t i = 0; i < dataset_ids.size(); ++i) {
    components.push_back(DatasetComponent(dataset_ids[i], dataset_uses[i]));
  }
  for (const LineageEntry* b : bases) components.push_back(BaseComponent(*b));

  // The base-model chain: the model depends on its own bases; a base on the bases that name it
  // as their child. A base whose child is not in the chain hangs from the model.
  auto parent = [&bases](const LineageEntry* b) -> std::optional<std::string> {
    if (!b->child) return std::nullopt;
    for (const LineageEntry* other : bases) {
      if (other != b && other->id == *b->child) return other->id;
    }
    return std::nullopt;
  };
  auto depends = [&bases, &parent](const std::optional<std::string>& child) {
    Json refs = Json::array();
    for (const LineageEntry* b : bases) {
      if (parent(b) == child) refs.push_back(BaseBomRef(b->id));
    }
    return refs;
  };
  Json dependencies = Json::array();
  Json model_dep = {{"ref", kModelRef}};
  if (Json d = depends(std::nullopt); !d.empty()) model_dep["dependsOn"] = std::move(d);
  dependencies.push_back(std::move(model_dep));
  for (const LineageEntry* b : bases) {
    Json dep = {{"ref", BaseBomRef(b->id)}};
    if (Json d = depends(b->id); !d.empty()) dep["dependsOn"] = std::move(d);
    dependencies.push_back(std::move(dep));
  }
  for (const std::string& id : dataset_ids) dependencies.push_back({{"ref", DatasetBomRef(id)}});

  // The serial number is derived from everything else, so it changes when the content does and
  // never otherwise.
  Json body = {{"metadata", metadata}, {"components", components}, {"dependencies", dependencies}};
  const std::string digest = Sha256Hex(body.dump(-1, ' ', false, Json::error_handler_t::replace));

  Json bom_json;
  bom_json["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json";
  bom_json["bomFormat"] = "CycloneDX";
  bom_json["specVersion"] = "1.6";
  bom_json["serialNumber"] = "urn:uuid:" + bom::UuidFromDigest(digest);
  bom_json["version"] = 1;
  bom_json["metadata"] = std::move(metadata);
  bom_json["components"] = std::move(components);
  bom_json["dependencies"] = std::move(dependencies);
  *out = std::move(bom_json);
  return Status::Ok();
}

}  // namespace openness
