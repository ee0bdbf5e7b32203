// Spdx3Bom: a report as an SPDX 3.0.1 JSON-LD document with the AI and Dataset profiles.
//
// Every Element is a top-level node of @graph, referred to by its spdxId; CreationInfo is the one
// blank node "_:creationinfo". The model is an ai_AIPackage, each dataset a dataset_DatasetPackage,
// each base model an ai_AIPackage linked by descendantOf, each weights file a software_File
// (with its SHA-256 when known) that the model contains. Each package has exactly one
// hasDeclaredLicense and one hasConcludedLicense relationship (AI.md and Dataset.md conformance);
// what the release does not state is written as the SPDX NoAssertion individuals, and the
// properties the profiles require but a release does not state (release time, download location,
// version, supplier) are filled with documented stand-ins (docs/bom.md).
#include <map>
#include <string>

#include "bom_internal.h"
#include "openness/bom.h"
#include "openness/hashing.h"

namespace openness {
namespace {

using Json = nlohmann::ordered_json;
using bom::BomLicense;

constexpr std::string_view kContext = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";
constexpr std::string_view kCreationInfo = "_:creationinfo";
constexpr std::string_view kNoAssertionElement =
    "https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement";
constexpr std::string_view kNoAssertionLicense =
    "https://spdx.org/rdf/3.0.1/terms/Licensing/NoAssertion";
constexpr std::string_view kNoAssertion = "NOASSERTION";

Json Entry(std::string key, std::string value) {
  return {{"type", "DictionaryEntry"}, {"key", std::move(key)}, {"value", std::move(value)}};
}

// Builds the @graph. Elements get ids under the namespace in creation order.
class Builder {
 public:
  Builder(const Report& r, std::string ns, std::string created, bool recorded)
      : r_(r), ns_(std::move(ns)), created_(std::move(created)), recorded_(recorded) {}

  Json Build() {
    agent_ = Add(Element("SoftwareAgent", "openness", "openness"));
    tool_ = Add(Element("Tool", "openness-tool",
                        "openness" + (r_.tool_version.empty() ? "" : " " + r_.tool_version)));
    const std::string model = Add(ModelPackage());
    Files(model);
    Datasets(model);
    Bases(model);
    // In this order, so that license nodes are numbered the same by every compiler.
    const std::string declared = DeclaredOfModel();
    const std::string concluded = ConcludedOfModel();
    PackageLicenses(model, declared, concluded);

    Json info = {{"type", "CreationInfo"},
                 {"@id", kCreationInfo},
                 {"specVersion", "3.0.1"},
                 {"created", created_},
                 {"createdBy", Json::array({agent_})},
                 {"createdUsing", Json::array({tool_})}};
    if (!recorded_) {
      info["comment"] =
          "No creation time was recorded, so that the same release gives the same document; " +
          std::string(kNoTimestamp) + " stands in for it.";
    }
    Json doc = Element("SpdxDocument", "document", "AI bill of materials: " + r_.subject.id);
    doc["comment"] = "Written by openness from its audit of the release's files; not legal advice.";
    doc["profileConformance"] =
        Json::array({"core", "software", "simpleLicensing", "ai", "dataset"});
    doc["rootElement"] = Json::array({model});
    doc["element"] = ids_;

    Json graph = Json::array({std::move(info), std::move(doc)});
    for (Json& n : nodes_) graph.push_back(std::move(n));
    return {{"@context", kContext}, {"@graph", std::move(graph)}};
  }

 private:
  std::string Id(const std::string& local) const { return ns_ + local; }

  Json Element(const char* type, const std::string& local, const std::string& name) const {
    return {{"type", type}, {"spdxId", Id(local)}, {"creationInfo", kCreationInfo}, {"name", name}};
  }

  // Appends an element node and returns its id.
  std::string Add(Json node) {
    std::string id = node["spdxId"].get<std::string>();
    ids_.push_back(id);
    nodes_.push_back(std::move(node));
    return id;
  }

  // The agent named by the org part of a Hub id, once per name; NoAssertionElement otherwise.
  std::string AgentFor(const std::string& id) {
    if (!bom::IsHubId(id)) return std::string(kNoAssertionElement);
    const std::string org = bom::SplitId(id).first;
    if (auto it = agents_.find(org); it != agents_.end()) return it->second;
    const std::string agent =
        Add(Element("Agent", "agent-" + std::to_string(agents_.size() + 1), org));
    agents_[org] = agent;
    return agent;
  }

  // The license node for an expression, once per expression text. Each LicenseRef of it maps to
  // the first text reference any package gives for it; the license files releases ship are
  // named in the comment.
  std::string LicenseFor(const std::string& expression,
                         const std::vector<BomLicense>& licenses = {}) {
    if (expression.empty()) return std::string(kNoAssertionLicense);
    if (auto it = licenses_.find(expression); it != licenses_.end()) {
      for (Json& n : nodes_) {
        if (n["spdxId"] == it->second) AddTextReferences(licenses, &n);
      }
      return it->second;
    }
    Json node = Element("simplelicensing_LicenseExpression",
                        "license-" + std::to_string(licenses_.size() + 1), expression);
    node.erase("name");
    node["simplelicensing_licenseExpression"] = expression;
    AddTextReferences(licenses, &node);
    const std::string id = Add(std::move(node));
    licenses_[expression] = id;
    return id;
  }

  static void AddTextReferences(const std::vector<BomLicense>& licenses, Json* node) {
    static constexpr std::string_view kShipped =
        "License texts shipped in the release (file paths within it): ";
    for (const BomLicense& b : licenses) {
      if (!b.ref.starts_with("LicenseRef-")) continue;
      if (b.url) {
        Json& uris = (*node)["simplelicensing_customIdToUri"];
        bool mapped = false;
        for (const Json& e : uris) mapped = mapped || e["key"] == b.ref;
        if (!mapped) uris.push_back(Entry(b.ref, *b.url));
      }
      if (b.file) {
        const std::string item = b.ref + ": " + *b.file;
        std::string comment = node->value("comment", "");
        if (comment.find(item) != std::string::npos) continue;
        comment = comment.empty() ? std::string(kShipped) + item : comment + "; " + item;
        (*node)["comment"] = comment;
      }
    }
  }

  void Relate(const std::string& from, const char* type, const Json& to) {
    if (to.empty()) return;
    Json rel = Element("Relationship", "relationship-" + std::to_string(++relationships_), "");
    rel.erase("name");
    rel["from"] = from;
    rel["relationshipType"] = type;
    rel["to"] = to;
    Add(std::move(rel));
  }

  // Exactly one of each, as the AI and Dataset profiles require.
  void PackageLicenses(const std::string& package, const std::string& declared_id,
                       const std::string& concluded_id) {
    Relate(package, "hasDeclaredLicense", Json::array({declared_id}));
    Relate(package, "hasConcludedLicense", Json::array({concluded_id}));
  }

  std::string DeclaredOfModel() {
    return LicenseFor(bom::DeclaredExpression(r_), bom::DeclaredLicenses(r_));
  }
  std::string ConcludedOfModel() {
    const std::vector<BomLicense> concluded = bom::ConcludedLicenses(r_);
    return LicenseFor(bom::AndExpression(concluded), concluded);
  }

  // The properties the AI and Dataset profiles require of every package, with stand-ins where
  // the release says nothing.
  void Required(const std::optional<std::string>& page, Json* p) const {
    (*p)["releaseTime"] = created_;
    (*p)["software_downloadLocation"] = page ? bom::IriSafe(*page) : std::string(kNoAssertion);
    if (page) (*p)["software_homePage"] = bom::IriSafe(*page);
  }

  Json ModelPackage() {
    const ModelFacts& m = r_.model;
    Json p = Element("ai_AIPackage", "model", r_.subject.id);
    std::string verdict =
        "openness level " + r_.openness.level + "; OSAID " + r_.openness.osaid_status;
    if (r_.openness.mof_class) verdict += "; MOF class " + *r_.openness.mof_class;
    for (std::string_view use : kUseCases) {
      auto it = r_.rights.find(std::string(use));
      if (it != r_.rights.end()) {
        verdict += "; " + std::string(use) + ": " + std::string(RightStatusName(it->second.status));
      }
    }
    p["comment"] = verdict + ". " + r_.openness.justification;
    const std::optional<std::string> page = bom::ModelPage(r_);
    Required(page, &p);
    p["suppliedBy"] = page ? AgentFor(r_.subject.id) : std::string(kNoAssertionElement);
    p["software_packageVersion"] = r_.subject.revision.value_or(std::string(kNoAssertion));
    if (page && r_.subject.revision) {
      auto [group, name] = bom::SplitId(r_.subject.id);
      p["software_packageUrl"] =
          "pkg:huggingface/" + group + "/" + name + "@" + *r_.subject.revision;
    }
    p["software_primaryPurpose"] = "model";

    Json refs = Json::array();
    for (const ModelLink& l : m.links) {
      const char* type = l.kind == "code-repository" ? "vcs"
                         : l.kind == "paper"         ? "documentation"
                         : l.kind == "license"       ? "license"
                                                     : "other";
      Json ref = {{"type", "ExternalRef"},
                  {"externalRefType", type},
                  {"locator", Json::array({bom::IriSafe(l.url)})}};
      if (l.kind == "paper") ref["comment"] = "paper named by the model card";
      refs.push_back(std::move(ref));
    }
    if (!refs.empty()) p["externalRef"] = std::move(refs);

    Json types = Json::array();
    if (m.architecture) types.push_back(*m.architecture);
    if (m.family && m.family != m.architecture) types.push_back(*m.family);
    if (!types.empty()) p["ai_typeOfModel"] = std::move(types);
    if (m.task) p["ai_domain"] = Json::array({*m.task});
    if (m.training) {
      p["ai_informationAboutTraining"] = m.training->text;
    } else if (!m.datasets.empty()) {
      std::string names;
      for (const DatasetRef& d : m.datasets) {
        if (d.use == "training") names += (names.empty() ? "" : ", ") + d.id;
      }
      if (!names.empty()) p["ai_informationAboutTraining"] = "Training datasets named: " + names;
    }
    if (m.intended_use) p["ai_informationAboutApplication"] = m.intended_use->text;
    if (m.limitations) p["ai_limitation"] = m.limitations->text;
    if (!m.eval_results.empty()) {
      // A dictionary: each key once.
      Json metrics = Json::array();
      std::map<std::string, int> seen;
      for (const EvalResult& e : m.eval_results) {
        std::string key = e.metric;
        const std::string on = e.dataset_name.empty() ? e.dataset : e.dataset_name;
        if (!on.empty()) key += " on " + on;
        if (!e.task.empty()) key += " (" + e.task + ")";
        if (const int n = ++seen[key]; n > 1) key += " #" + std::to_string(n);
        metrics.push_back(Entry(key, e.value));
      }
      p["ai_metric"] = std::move(metrics);
    }
    if (!m.hyperparameters.empty()) {
      Json hyper = Json::array();
      for (const auto& [k, v] : m.hyperparameters) hyper.push_back(Entry(k, v));
      p["ai_hyperparameter"] = std::move(hyper);
    }
    return p;
  }

  void Files(const std::string& model) {
    Json contained = Json::array();
    int n = 0;
    for (const WeightsFile& f : r_.weights.files) {
      Json file = Element("software_File", "file-" + std::to_string(++n), f.path);
      if (f.sha256 && bom::IsSha256Hex(*f.sha256)) {
        file["verifiedUsing"] =
            Json::array({{{"type", "Hash"}, {"algorithm", "sha256"}, {"hashValue", *f.sha256}}});
      }
      file["comment"] = "weights, " + f.format + ", " + std::to_string(f.bytes) + " bytes" +
                        (f.present ? "" : " (Git LFS pointer: not downloaded)");
      file["software_primaryPurpose"] = "model";
      file["software_fileKind"] = "file";
      contained.push_back(Add(std::move(file)));
    }
    Relate(model, "contains", contained);
  }

  void Datasets(const std::string& model) {
    std::vector<std::string> ids;
    std::map<std::string, std::vector<const DatasetRef*>> uses;
    for (const DatasetRef& d : r_.model.datasets) {
      if (!uses.count(d.id)) ids.push_back(d.id);
      uses[d.id].push_back(&d);
    }
    Json trained = Json::array(), tested = Json::array();
    int n = 0;
    for (const std::string& id : ids) {
      const std::vector<const DatasetRef*>& u = uses[id];
      Json p = Element("dataset_DatasetPackage", "dataset-" + std::to_string(++n), id);
      std::string how;
      for (const DatasetRef* d : u) {
        how += (how.empty() ? "" : " and ") + d->use;
        for (const Evidence& e : d->evidence) {
          if (how.size() < 400) how += " (" + bom::EvidenceText(e) + ")";
        }
      }
      p["comment"] = "Named by the release as " + how + " data.";
      const std::optional<std::string> page = bom::HubPage(id, /*dataset=*/true);
      Required(page, &p);
      p["builtTime"] = created_;
      p["originatedBy"] = Json::array({AgentFor(id)});
      p["software_primaryPurpose"] = "data";
      p["dataset_datasetType"] = Json::array({"noAssertion"});
      const std::string node = Add(std::move(p));
      for (const DatasetRef* d : u) {
        (d->use == "evaluation" ? tested : trained).push_back(node);
      }
      std::string declared;
      std::vector<BomLicense> lic;
      if (u.front()->license) {
        if (std::optional<BomLicense> b =
                bom::LicenseOfKey(*u.front()->license, u.front()->license_evidence)) {
          lic.push_back(*b);
          declared = b->ref;
        }
      }
      PackageLicenses(node, LicenseFor(declared, lic), std::string(kNoAssertionLicense));
    }
    Relate(model, "trainedOn", trained);
    Relate(model, "testedOn", tested);
  }

  void Bases(const std::string& model) {
    std::vector<const LineageEntry*> bases;
    for (const LineageEntry& l : r_.lineage) {
      bool seen = l.id.empty();
      for (const LineageEntry* b : bases) seen = seen || b->id == l.id;
      if (!seen) bases.push_back(&l);
    }
    std::map<std::string, std::string> node_of;
    int n = 0;
    for (const LineageEntry* l : bases) {
      Json p = Element("ai_AIPackage", "base-model-" + std::to_string(++n), l->id);
      p["comment"] = "Base model (" + l->relation + ") named at " + bom::EvidenceText(l->evidence);
      const std::optional<std::string> page = bom::HubPage(l->id, /*dataset=*/false);
      Required(page, &p);
      p["suppliedBy"] = AgentFor(l->id);
      p["software_packageVersion"] = std::string(kNoAssertion);
      p["software_primaryPurpose"] = "model";
      node_of[l->id] = Add(std::move(p));
      std::string declared;
      std::vector<BomLicense> lic;
      if (l->license) {
        if (std::optional<BomLicense> b = bom::LicenseOfKey(*l->license, l->license_evidence)) {
          lic.push_back(*b);
          declared = b->ref;
        }
      }
      PackageLicenses(node_of[l->id], LicenseFor(declared, lic), std::string(kNoAssertionLicense));
    }
    // The chain: each model is a descendant of the bases that name it as their child.
    std::map<std::string, Json> parents;  // child element id -> base element ids
    for (const LineageEntry* l : bases) {
      std::string child = model;
      if (l->child && node_of.count(*l->child) && *l->child != l->id) child = node_of[*l->child];
      parents[child].push_back(node_of[l->id]);
    }
    Relate(model, "descendantOf", parents[model]);
    for (const LineageEntry* l : bases) {
      const std::string& node = node_of[l->id];
      if (parents.count(node)) Relate(node, "descendantOf", parents[node]);
    }
  }

  const Report& r_;
  const std::string ns_;
  const std::string created_;
  const bool recorded_;
  std::string agent_, tool_;
  Json ids_ = Json::array();
  std::vector<Json> nodes_;
  std::map<std::string, std::string> agents_;
  std::map<std::string, std::string> licenses_;
  int relationships_ = 0;
};

}  // namespace

Status Spdx3Bom(const Report& r, const BomOptions& options, nlohmann::ordered_json* out) {
  if (!options.timestamp.empty() && !bom::IsUtcTimestamp(options.timestamp)) {
    return Status::InvalidArgument("timestamp '" + options.timestamp +
                                   "' is not of the form YYYY-MM-DDThh:mm:ssZ");
  }
  const bool recorded = !options.timestamp.empty();
  const std::string created = recorded ? options.timestamp : std::string(kNoTimestamp);
  // The namespace is derived from the document written under a placeholder namespace: the same
  // report gives the same ids, a different one different ids.
  const Json draft = Builder(r, "urn:openness:bom:draft#", created, recorded).Build();
  const std::string digest = Sha256Hex(draft.dump(-1, ' ', false, Json::error_handler_t::replace));
  *out = Builder(r, "urn:openness:bom:" + digest.substr(0, 32) + "#", created, recorded).Build();
  return Status::Ok();
}

}  // namespace openness
