// EvaluateMof: a port of the Model Openness Tool's ModelEvaluator (lfai/model_openness_tool at
// 8b5d30e), with the model-file reader and writer around it.
#include "openness/mof.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "embedded_data.h"

namespace openness {
namespace {

using enum MofContentType;

// mof.settings.yml, in its order.
constexpr std::array<MofComponentInfo, 17> kComponents = {{
    {15, "Datasets", "datasets", kData, 1, true},
    {16, "Data preprocessing code", "data-preprocessing-code", kCode, 1, true},
    {9, "Model architecture", "model-architecture", kCode, 3, true},
    {10, "Model parameters (Final)", "model-parameters-final", kData, 3, true},
    {17, "Model metadata", "model-metadata", kData, 1, false},
    {24, "Model parameters (Intermediate)", "model-parameters-intermediate", kData, 1, true},
    {7, "Training code", "training-code", kCode, 2, true},
    {8, "Inference code", "inference-code", kCode, 2, true},
    {18, "Evaluation code", "evaluation-code", kCode, 2, true},
    {19, "Evaluation data", "evaluation-data", kData, 2, true},
    {12, "Evaluation results", "evaluation-results", kDocument, 3, true},
    {22, "Supporting libraries and tools", "supporting-libraries", kCode, 2, false},
    {13, "Model card", "model-card", kDocument, 3, true},
    {14, "Data card", "data-card", kDocument, 3, true},
    {11, "Technical report", "technical-report", kDocument, 3, true},
    {21, "Research paper", "research-paper", kDocument, 1, true},
    {20, "Sample model outputs", "sample-model-outputs", kDocument, 3, false},
}};

constexpr int kTechnicalReport = 11;
constexpr int kResearchPaper = 21;

// LicenseHandler::OPEN_DATA_LICENSES, verbatim ids.
constexpr std::string_view kOpenDataLicenses[] = {"CC0-1.0",
                                                  "CC-BY-1.0",
                                                  "CC-BY-2.0",
                                                  "CC-BY-2.5",
                                                  "CC-BY-2.5-AU",
                                                  "CC-BY-3.0",
                                                  "CC-BY-3.0-AT",
                                                  "CC-BY-3.0-AU",
                                                  "CC-BY-3.0-DE",
                                                  "CC-BY-3.0-IGO",
                                                  "CC-BY-3.0-NL",
                                                  "CC-BY-3.0-US",
                                                  "CC-BY-4.0",
                                                  "CC-BY-SA-1.0",
                                                  "CC-BY-SA-2.0",
                                                  "CC-BY-SA-2.0-UK",
                                                  "CC-BY-SA-2.1-JP",
                                                  "CC-BY-SA-2.5",
                                                  "CC-BY-SA-3.0",
                                                  "CC-BY-SA-3.0-AT",
                                                  "CC-BY-SA-4.0",
                                                  "CDLA-Permissive-1.0",
                                                  "CDLA-Permissive-2.0",
                                                  "CDLA-Sharing-1.0",
                                                  "ODC-PDDL-1.0",
                                                  "ODC-By-1.0",
                                                  "ODbL-1.0",
                                                  "GFDL-1.3",
                                                  "OGL-Canada-2.0",
                                                  "OGL-UK-2.0",
                                                  "OGL-UK-3.0"};

struct LicenseEntry {
  bool osi = false;
  bool fsf = false;
  std::vector<MofContentType> types;
};

// data/mof-licenses.csv: id,osi,fsf,open_data,types
const std::map<std::string, LicenseEntry, std::less<>>& LicenseDb() {
  static const auto* const kDb = [] {
    auto* db = new std::map<std::string, LicenseEntry, std::less<>>();
    std::string_view csv = EmbeddedData("mof-licenses.csv");
    bool header = true;
    while (!csv.empty()) {
      size_t eol = csv.find('\n');
      std::string_view line = csv.substr(0, eol);
      csv.remove_prefix(eol == std::string_view::npos ? csv.size() : eol + 1);
      if (line.empty() || line.front() == '#') continue;
      if (header) {
        header = false;
        continue;
      }
      std::vector<std::string_view> f;
      while (true) {
        size_t comma = line.find(',');
        f.push_back(line.substr(0, comma));
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
      }
      if (f.size() < 5) continue;
      LicenseEntry e;
      e.osi = f[1] == "1";
      e.fsf = f[2] == "1";
      std::string_view types = f[4];
      while (!types.empty()) {
        size_t bar = types.find('|');
        std::string_view t = types.substr(0, bar);
        if (t == "code") e.types.push_back(kCode);
        if (t == "data") e.types.push_back(kData);
        if (t == "document") e.types.push_back(kDocument);
        types.remove_prefix(bar == std::string_view::npos ? types.size() : bar + 1);
      }
      (*db)[std::string(f[0])] = std::move(e);
    }
    return db;
  }();
  return *kDb;
}

// Per class: the cumulative evaluation lists (ModelEvaluator::evaluate), as component ids.
struct ClassEvaluation {
  std::vector<int> included, missing, invalid, unlicensed;
};

std::vector<int> RequiredOf(int mof_class) {
  std::vector<int> out;
  for (const MofComponentInfo& c : kComponents) {
    if (c.required && c.mof_class == mof_class) out.push_back(c.id);
  }
  return out;
}

bool Contains(const std::vector<int>& v, int id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

// ---------------------------------------------------------------------------------------------
// Reading model files.

struct YamlLimit {
  std::string what;
};

class Guard : public YAML::EventHandler {
 public:
  explicit Guard(const Limits& limits) : limits_(limits) {}
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { Count(); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {
    Count();
    // Aliases can make a small file expand into a huge tree; model files never need them.
    throw YamlLimit{"aliases are not allowed in a model file"};
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Count();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Open();
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Open();
  }
  void OnMapEnd() override { --depth_; }

 private:
  void Count() {
    if (++nodes_ > limits_.yaml_nodes) {
      throw YamlLimit{fmt::format("more than {} YAML nodes", limits_.yaml_nodes)};
    }
  }
  void Open() {
    Count();
    if (++depth_ > limits_.nesting_depth) {
      throw YamlLimit{fmt::format("nesting deeper than {}", limits_.nesting_depth)};
    }
  }
  const Limits& limits_;
  uint64_t nodes_ = 0;
  uint64_t depth_ = 0;
};

// A scalar's text; "" for null, missing or non-scalar nodes.
std::string Text(const YAML::Node& n) {
  if (!n || !n.IsScalar()) return "";
  return n.Scalar();
}

std::optional<std::string> NonNull(const YAML::Node& n) {
  if (!n || n.IsNull() || !n.IsScalar()) return std::nullopt;
  return n.Scalar();
}

std::optional<MofLicenseRef> GlobalLicense(const YAML::Node& licenses, const char* key) {
  if (!licenses || !licenses.IsMap()) return std::nullopt;
  const YAML::Node n = licenses[key];
  if (!n || !n.IsMap()) return std::nullopt;
  MofLicenseRef ref;
  ref.name = Text(n["name"]);
  ref.path = Text(n["path"]);
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Writing model files.

std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "''";
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Our own one-line descriptions of the components, for the model files we write.
std::string_view Describe(std::string_view report_id) {
  static constexpr std::pair<std::string_view, std::string_view> kText[] = {
      {"model-architecture", "Code that defines the model's architecture"},
      {"model-parameters-final", "The trained weights of the released model"},
      {"model-parameters-intermediate", "Checkpoints saved during training"},
      {"training-code", "Code used to train the model"},
      {"inference-code", "Code used to run the model"},
      {"evaluation-code", "Code used to evaluate the model"},
      {"data-preprocessing-code", "Code used to clean, filter and prepare the training data"},
      {"supporting-libraries", "Libraries and tools the model was built with"},
      {"datasets", "The data the model was trained on"},
      {"evaluation-data", "The data the model was evaluated on"},
      {"model-metadata", "Configuration and other metadata of the model"},
      {"sample-model-outputs", "Examples of the model's outputs"},
      {"model-card", "The model card"},
      {"data-card", "Documentation of the training data"},
      {"technical-report", "Technical report on the model"},
      {"research-paper", "Research paper on the model"},
      {"evaluation-results", "Results of evaluating the model"}};
  for (const auto& [id, text] : kText) {
    if (id == report_id) return text;
  }
  return "";
}

std::string EvidenceNote(const Evidence& e) {
  std::string out;
  if (e.file) out += *e.file;
  if (e.line) out += ":" + std::to_string(*e.line);
  if (e.key) out += (out.empty() ? "" : " ") + std::string("[") + *e.key + "]";
  if (e.url) out += (out.empty() ? "" : " ") + *e.url;
  if (e.excerpt) out += (out.empty() ? "" : " ") + std::string("\"") + *e.excerpt + "\"";
  return out;
}

std::string Comment(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

std::string_view MofContentTypeName(MofContentType type) {
  switch (type) {
    case kCode:
      return "code";
    case kData:
      return "data";
    case kDocument:
      return "document";
  }
  return "code";
}

std::string_view MofStatusName(MofStatus status) {
  switch (status) {
    case MofStatus::kIncluded:
      return "included";
    case MofStatus::kOptional:
      return "optional";
    case MofStatus::kMissing:
      return "missing";
    case MofStatus::kUnlicensed:
      return "unlicensed";
    case MofStatus::kInvalid:
      return "invalid";
    case MofStatus::kNotListed:
      return "not-listed";
  }
  return "missing";
}

const std::array<MofComponentInfo, 17>& MofComponents() { return kComponents; }

const MofComponentInfo* MofComponentByName(std::string_view name) {
  for (const MofComponentInfo& c : kComponents) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const MofComponentInfo* MofComponentByReportId(std::string_view report_id) {
  for (const MofComponentInfo& c : kComponents) {
    if (c.report_id == report_id) return &c;
  }
  return nullptr;
}

bool MofLicenseIsOpen(std::string_view id) {
  if (id == "OpenMDW-1.0") return true;
  for (std::string_view d : kOpenDataLicenses) {
    if (d == id) return true;
  }
  const auto& db = LicenseDb();
  auto it = db.find(id);
  return it != db.end() && (it->second.osi || it->second.fsf);
}

std::vector<MofContentType> MofLicenseContentTypes(std::string_view id) {
  const auto& db = LicenseDb();
  auto it = db.find(id);
  return it == db.end() ? std::vector<MofContentType>{} : it->second.types;
}

std::string_view MofClassName(int mof_class) {
  switch (mof_class) {
    case 1:
      return "I";
    case 2:
      return "II";
    case 3:
      return "III";
    default:
      return "none";
  }
}

MofEvaluation EvaluateMof(const MofModel& model) {
  MofEvaluation out;

  // Step 1: the listed components by id (ModelUpdater: the name maps through array_search over
  // the configured names; an unknown name gives false, used as index 0: Datasets). A component
  // listed twice keeps its last entry.
  std::map<int, const MofComponentEntry*> listed;
  for (const MofComponentEntry& e : model.components) {
    const MofComponentInfo* info = MofComponentByName(e.name);
    if (info == nullptr) {
      info = &kComponents[0];
      out.warnings.push_back(fmt::format(
          "component name '{}' is not a MOF component; the MOT files it under Datasets", e.name));
    }
    listed[info->id] = &e;
  }

  // Step 2: resolveLicense.
  auto global_for = [&](MofContentType type) -> std::optional<std::string> {
    const std::optional<MofLicenseRef>& g = type == kCode   ? model.code
                                            : type == kData ? model.data
                                                            : model.document;
    if (g && !g->name.empty()) return g->name;
    if (model.distribution && !model.distribution->name.empty()) return model.distribution->name;
    return std::nullopt;
  };
  auto resolve = [&](const MofComponentInfo& info,
                     const MofComponentEntry& e) -> std::optional<std::string> {
    if (e.license.has_value()) {
      if (e.license->empty()) return std::nullopt;
      return e.license;
    }
    return global_for(info.type);
  };

  // Step 3: per-component status.
  std::map<int, MofStatus> status;
  for (const MofComponentInfo& info : kComponents) {
    MofComponentResult r;
    r.info = &info;
    auto it = listed.find(info.id);
    if (it == listed.end()) {
      r.status = info.required ? MofStatus::kMissing : MofStatus::kNotListed;
    } else {
      r.license = resolve(info, *it->second);
      if (!r.license) {
        r.status = MofStatus::kUnlicensed;
      } else if (MofLicenseIsOpen(*r.license)) {
        r.status = info.required ? MofStatus::kIncluded : MofStatus::kOptional;
        const std::vector<MofContentType> types = MofLicenseContentTypes(*r.license);
        r.type_appropriate = std::find(types.begin(), types.end(), info.type) != types.end();
        if (!r.type_appropriate) {
          out.warnings.push_back(fmt::format("{}: {} is open but not a {} license", info.name,
                                             *r.license, MofContentTypeName(info.type)));
        }
      } else {
        r.status = MofStatus::kInvalid;
      }
    }
    status[info.id] = r.status;
    out.components.push_back(std::move(r));
  }

  // Step 4: cumulative evaluation for class 3, 2, 1 (required components only).
  std::map<int, ClassEvaluation> eval;
  std::vector<int> required;
  for (int cls = 3; cls >= 1; --cls) {
    for (int id : RequiredOf(cls)) required.push_back(id);
    ClassEvaluation& ce = eval[cls];
    for (int id : required) {
      switch (status[id]) {
        case MofStatus::kIncluded:
          ce.included.push_back(id);
          break;
        case MofStatus::kMissing:
          ce.missing.push_back(id);
          break;
        case MofStatus::kInvalid:
          ce.invalid.push_back(id);
          break;
        case MofStatus::kUnlicensed:
          ce.unlicensed.push_back(id);
          break;
        default:
          break;
      }
    }
  }

  // Step 5: handleTechnicalReportOmission.
  const MofStatus paper = status[kResearchPaper];
  if (!Contains(eval[3].included, kTechnicalReport) &&
      (paper == MofStatus::kIncluded || paper == MofStatus::kInvalid ||
       paper == MofStatus::kUnlicensed)) {
    for (auto& [cls, ce] : eval) {
      ce.missing.erase(std::remove(ce.missing.begin(), ce.missing.end(), kTechnicalReport),
                       ce.missing.end());
    }
    for (int cls : {2, 3}) {
      ClassEvaluation& ce = eval[cls];
      if (paper == MofStatus::kIncluded) ce.included.push_back(kResearchPaper);
      if (paper == MofStatus::kInvalid) ce.invalid.push_back(kResearchPaper);
      if (paper == MofStatus::kUnlicensed) ce.unlicensed.push_back(kResearchPaper);
    }
  }

  // Step 6: getProgress.
  auto progress = [&](int cls) -> double {
    size_t total = 0, included = 0;
    int i = 3;
    for (; i >= cls; --i) {
      total += RequiredOf(i).size();
      included = eval[i].included.size();
      if (included < total) break;
    }
    if (i > cls) return 0.0;
    if (cls == 1 && status[kTechnicalReport] != MofStatus::kIncluded &&
        status[kResearchPaper] == MofStatus::kIncluded) {
      total -= 1;
    }
    return std::min(100.0, static_cast<double>(included) / static_cast<double>(total) * 100);
  };
  for (int cls = 1; cls <= 3; ++cls) out.progress[cls] = progress(cls);

  // Step 7: getClassification.
  out.mof_class = 0;
  for (int cls = 1; cls <= 3; ++cls) {
    if (out.progress[cls] == 100.0) {
      out.mof_class = cls;
      break;
    }
  }
  switch (out.mof_class) {
    case 1:
      out.label = "Class I - Open Science Model";
      break;
    case 2:
      out.label = "Class II - Open Tooling Model";
      break;
    case 3:
      out.label = "Class III - Open Model";
      break;
    default:
      out.label = "Unclassified";
      break;
  }
  return out;
}

Status ParseMofYaml(std::string_view text, const Limits& limits, MofModel* out) {
  *out = MofModel();
  if (text.size() > limits.card_bytes) {
    return Status::TooLarge(fmt::format("model file of {} bytes exceeds the limit of {}",
                                        text.size(), limits.card_bytes));
  }
  const std::string yaml(text);
  try {
    {
      std::istringstream in(yaml);
      YAML::Parser parser(in);
      Guard guard(limits);
      parser.HandleNextDocument(guard);
    }
    const YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap()) return Status::Corruption("a model file is a YAML mapping");
    const YAML::Node framework = root["framework"];
    if (framework && framework.IsMap()) {
      out->framework_name = Text(framework["name"]);
      out->framework_version = Text(framework["version"]);
      out->framework_date = Text(framework["date"]);
    }
    const YAML::Node release = root["release"];
    if (!release || !release.IsMap()) {
      return Status::Corruption("the model file has no 'release' mapping");
    }
    out->name = Text(release["name"]);
    out->version = Text(release["version"]);
    out->date = Text(release["date"]);
    out->type = Text(release["type"]);
    out->architecture = Text(release["architecture"]);
    out->origin = Text(release["origin"]);
    out->producer = Text(release["producer"]);
    out->contact = Text(release["contact"]);
    out->repository = Text(release["repository"]);
    out->huggingface = Text(release["huggingface"]);
    const YAML::Node licenses = release["license"];
    out->distribution = GlobalLicense(licenses, "distribution");
    out->code = GlobalLicense(licenses, "code");
    out->data = GlobalLicense(licenses, "data");
    out->document = GlobalLicense(licenses, "document");
    const YAML::Node components = release["components"];
    if (components && components.IsSequence()) {
      for (const YAML::Node& c : components) {
        if (!c.IsMap()) continue;
        MofComponentEntry e;
        e.name = Text(c["name"]);
        e.description = Text(c["description"]);
        e.license = NonNull(c["license"]);
        // ModelUpdater stores an explicit "unlicensed" as ''.
        if (e.license && *e.license == "unlicensed") e.license = "";
        e.license_path = NonNull(c["license_path"]);
        e.component_path = NonNull(c["component_path"]);
        out->components.push_back(std::move(e));
      }
    }
    return Status::Ok();
  } catch (const YamlLimit& e) {
    return Status::TooLarge("model file: " + e.what);
  } catch (const YAML::Exception& e) {
    return Status::Corruption(
        fmt::format("model file: YAML error at line {}: {}", e.mark.line + 1, e.msg));
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("model file: ") + e.what());
  }
}

std::string WriteMofYaml(const MofModel& m) {
  std::string out;
  out += "framework:\n";
  out += "  name: " + Quote(m.framework_name) + "\n";
  out += "  version: " + Quote(m.framework_version) + "\n";
  out += "  date: " + Quote(m.framework_date) + "\n";
  out += "release:\n";
  for (const auto& [key, value] : std::initializer_list<std::pair<const char*, const std::string*>>{
           {"name", &m.name},
           {"version", &m.version},
           {"date", &m.date},
           {"type", &m.type},
           {"architecture", &m.architecture},
           {"origin", &m.origin},
           {"producer", &m.producer},
           {"contact", &m.contact},
           {"repository", &m.repository},
           {"huggingface", &m.huggingface}}) {
    out += fmt::format("  {}: {}\n", key, Quote(*value));
  }
  const std::pair<const char*, const std::optional<MofLicenseRef>*> globals[] = {
      {"distribution", &m.distribution},
      {"code", &m.code},
      {"data", &m.data},
      {"document", &m.document}};
  bool any_global = false;
  for (const auto& [key, ref] : globals) any_global = any_global || ref->has_value();
  if (any_global) {
    out += "  license:\n";
    for (const auto& [key, ref] : globals) {
      if (!ref->has_value()) continue;
      out += fmt::format("    {}:\n      name: {}\n      path: {}\n", key, Quote((*ref)->name),
                         Quote((*ref)->path));
    }
  }
  out += "  components:\n";
  for (const MofComponentEntry& c : m.components) {
    for (const std::string& note : c.notes) out += "    # " + Comment(note) + "\n";
    out += "    -\n";
    out += "      name: " + Quote(c.name) + "\n";
    out += "      description: " + Quote(c.description) + "\n";
    if (c.license)
      out += "      license: " + (c.license->empty() ? "unlicensed" : Quote(*c.license)) + "\n";
    if (c.license_path) out += "      license_path: " + Quote(*c.license_path) + "\n";
    if (c.component_path) out += "      component_path: " + Quote(*c.component_path) + "\n";
  }
  return out;
}

MofModel MofModelFromReport(const Report& report, const LicenseTable& table) {
  MofModel m;
  m.name = report.subject.id;
  if (report.subject.source == "hub") m.huggingface = "https://huggingface.co/" + report.subject.id;
  if (report.subject.revision) m.version = *report.subject.revision;
  // A license key as the MOT spells it: the SPDX id, else the license's name.
  auto mot_id = [&](const std::string& key) -> std::optional<std::string> {
    const LicenseKey* k = table.Find(key);
    if (k == nullptr || k->kind == LicenseKind::kUnknown) return std::nullopt;
    return k->spdx.empty() ? k->name : k->spdx;
  };
  if (report.license.effective.size() == 1) {
    if (auto id = mot_id(report.license.effective.front().key)) m.distribution = {*id, ""};
  }
  for (const MofComponentInfo& info : MofComponents()) {
    auto it = report.components.find(std::string(info.report_id));
    if (it == report.components.end() || it->second.status != ComponentStatus::kPresent) continue;
    const Component& c = it->second;
    MofComponentEntry e;
    e.name = std::string(info.name);
    e.description = std::string(Describe(info.report_id));
    std::optional<std::string> id = c.license ? mot_id(*c.license) : std::nullopt;
    e.license = id.value_or("");  // explicit: never inherit a license we did not see
    if (!id) e.notes.push_back("license not identified by openness: fill it in before submitting");
    for (const Evidence& ev : c.evidence) {
      if (e.notes.size() >= 4) break;
      e.notes.push_back("evidence: " + EvidenceNote(ev));
      if (!e.component_path && ev.url && !(ev.key && ev.key->find(':') != std::string::npos)) {
        e.component_path = *ev.url;
      }
      if (!e.license_path && ev.url && ev.key && ev.key->find(':') != std::string::npos) {
        e.license_path = *ev.url;  // the source our data file cites for the license
      }
    }
    m.components.push_back(std::move(e));
  }
  return m;
}

}  // namespace openness
