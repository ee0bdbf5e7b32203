// Structural checks of an SPDX 3.0.1 JSON-LD document with the AI and Dataset profiles, written
// from the property tables of ../shared/facts/formats.md section 5.1 (and the model files in
// ../shared/corpus/formats/spdx3/model/, which spdx3_tables_test cross-checks): required
// properties, cardinalities, value types, enumerated values, references, and the profiles'
// license-relationship rule. No SPDX 3 schema package is available, so these stand in for one.
#ifndef OPENNESS_TESTS_SPDX3_CHECKS_H_
#define OPENNESS_TESTS_SPDX3_CHECKS_H_

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "openness/spdx_expression.h"

namespace openness::testing {

/// One property of a class: its serialized name, cardinality and value kind.
struct Spdx3Property {
  std::string name;
  int min = 0;
  int max = 1;  ///< -1: unbounded (written as an array)
  /// "string", "iri", "datetime", "int", "dict" (DictionaryEntry), "hash", "externalref",
  /// "object", or "enum:<vocabulary>".
  std::string kind = "string";
};

/// The vocabularies (enumerated values), by name.
inline const std::map<std::string, std::set<std::string>>& Spdx3Vocabularies() {
  static const auto* kVocab = new std::map<std::string, std::set<std::string>>{
      {"PresenceType", {"yes", "no", "noAssertion"}},
      {"SafetyRiskAssessmentType", {"serious", "high", "medium", "low"}},
      {"DatasetType",
       {"audio", "categorical", "graph", "image", "noAssertion", "numeric", "other", "sensor",
        "structured", "syntactic", "text", "timeseries", "timestamp", "video"}},
      {"ConfidentialityLevelType", {"red", "amber", "green", "clear"}},
      {"DatasetAvailabilityType",
       {"clickthrough", "directDownload", "query", "registration", "scrapingScript"}},
      {"SoftwarePurpose", {"application",  "archive",
                           "bom",          "configuration",
                           "container",    "data",
                           "device",       "diskImage",
                           "deviceDriver", "documentation",
                           "evidence",     "executable",
                           "file",         "filesystemImage",
                           "firmware",     "framework",
                           "install",      "library",
                           "manifest",     "model",
                           "module",       "operatingSystem",
                           "other",        "patch",
                           "platform",     "requirement",
                           "source",       "specification",
                           "test"}},
      {"ProfileIdentifierType",
       {"core", "software", "simpleLicensing", "expandedLicensing", "security", "build", "ai",
        "dataset", "extension", "lite"}},
      {"RelationshipType",
       {"contains", "dependsOn", "descendantOf", "ancestorOf", "hasVariant", "trainedOn", "testedOn",
        "hasDocumentation", "hasDataFile", "describes", "generates", "hasDeclaredLicense",
        "hasConcludedLicense"}},
      {"ExternalRefType",
       {"vcs", "documentation", "license", "other", "altWebPage", "altDownloadLocation"}},
      {"FileKindType", {"file", "directory"}},
  };
  return *kVocab;
}

/// The properties each type may carry (besides the Element ones), from formats.md 5.1 with the
/// profiles' restrictions applied (AIPackage: releaseTime, suppliedBy, downloadLocation,
/// packageVersion, primaryPurpose 1..; DatasetPackage: builtTime, releaseTime, downloadLocation,
/// primaryPurpose 1.., originatedBy exactly 1, datasetType 1..*).
inline const std::map<std::string, std::vector<Spdx3Property>>& Spdx3Classes() {
  static const auto* kClasses = new std::map<std::string, std::vector<Spdx3Property>>{
      {"ai_AIPackage",
       {{"ai_autonomyType", 0, 1, "enum:PresenceType"},
        {"ai_domain", 0, -1, "string"},
        {"ai_energyConsumption", 0, 1, "object"},
        {"ai_hyperparameter", 0, -1, "dict"},
        {"ai_informationAboutApplication", 0, 1, "string"},
        {"ai_informationAboutTraining", 0, 1, "string"},
        {"ai_limitation", 0, 1, "string"},
        {"ai_metric", 0, -1, "dict"},
        {"ai_metricDecisionThreshold", 0, -1, "dict"},
        {"ai_modelDataPreprocessing", 0, -1, "string"},
        {"ai_modelExplainability", 0, -1, "string"},
        {"ai_safetyRiskAssessment", 0, 1, "enum:SafetyRiskAssessmentType"},
        {"ai_standardCompliance", 0, -1, "string"},
        {"ai_typeOfModel", 0, -1, "string"},
        {"ai_useSensitivePersonalInformation", 0, 1, "enum:PresenceType"},
        {"releaseTime", 1, 1, "datetime"},
        {"suppliedBy", 1, 1, "iri"},
        {"software_downloadLocation", 1, 1, "string"},
        {"software_packageVersion", 1, 1, "string"},
        {"software_primaryPurpose", 1, 1, "enum:SoftwarePurpose"},
        {"software_homePage", 0, 1, "string"},
        {"software_packageUrl", 0, 1, "string"}}},
      {"dataset_DatasetPackage",
       {{"dataset_anonymizationMethodUsed", 0, -1, "string"},
        {"dataset_confidentialityLevel", 0, 1, "enum:ConfidentialityLevelType"},
        {"dataset_dataCollectionProcess", 0, 1, "string"},
        {"dataset_dataPreprocessing", 0, -1, "string"},
        {"dataset_datasetAvailability", 0, 1, "enum:DatasetAvailabilityType"},
        {"dataset_datasetNoise", 0, 1, "string"},
        {"dataset_datasetSize", 0, 1, "int"},
        {"dataset_datasetType", 1, -1, "enum:DatasetType"},
        {"dataset_datasetUpdateMechanism", 0, 1, "string"},
        {"dataset_hasSensitivePersonalInformation", 0, 1, "enum:PresenceType"},
        {"dataset_intendedUse", 0, 1, "string"},
        {"dataset_knownBias", 0, -1, "string"},
        {"dataset_sensor", 0, -1, "dict"},
        {"builtTime", 1, 1, "datetime"},
        {"originatedBy", 1, 1, "iri-list"},
        {"releaseTime", 1, 1, "datetime"},
        {"software_downloadLocation", 1, 1, "string"},
        {"software_primaryPurpose", 1, 1, "enum:SoftwarePurpose"},
        {"software_homePage", 0, 1, "string"}}},
      {"software_File",
       {{"software_primaryPurpose", 0, 1, "enum:SoftwarePurpose"},
        {"software_fileKind", 0, 1, "enum:FileKindType"}}},
      {"simplelicensing_LicenseExpression",
       {{"simplelicensing_licenseExpression", 1, 1, "string"},
        {"simplelicensing_licenseListVersion", 0, 1, "string"},
        {"simplelicensing_customIdToUri", 0, -1, "dict"}}},
      {"Relationship",
       {{"from", 1, 1, "iri"},
        {"to", 1, -1, "iri"},
        {"relationshipType", 1, 1, "enum:RelationshipType"}}},
      {"SpdxDocument",
       {{"profileConformance", 0, -1, "enum:ProfileIdentifierType"},
        {"rootElement", 0, -1, "iri"},
        {"element", 0, -1, "iri"}}},
      {"SoftwareAgent", {}},
      {"Agent", {}},
      {"Tool", {}},
  };
  return *kClasses;
}

/// Individuals of the SPDX model a document may refer to without defining them.
inline const std::set<std::string>& Spdx3Individuals() {
  static const auto* kIndividuals =
      new std::set<std::string>{"https://spdx.org/rdf/3.0.1/terms/Core/NoAssertionElement",
                                "https://spdx.org/rdf/3.0.1/terms/Licensing/NoAssertion",
                                "https://spdx.org/rdf/3.0.1/terms/Licensing/None"};
  return *kIndividuals;
}

namespace spdx3_internal {

inline bool IsDateTime(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  static const std::string kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != kShape.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (kShape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != kShape[i]) {
      return false;
    }
  }
  return true;
}

inline bool IsIri(const nlohmann::json& v) {
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  return !s.starts_with("_:") && s.find(':') != std::string::npos &&
         s.find(' ') == std::string::npos;
}

}  // namespace spdx3_internal

/// Every way the document departs from the checks above; empty when it passes.
inline std::vector<std::string> Spdx3Violations(const nlohmann::json& doc) {
  using nlohmann::json;
  using spdx3_internal::IsDateTime;
  using spdx3_internal::IsIri;
  std::vector<std::string> out;
  auto fail = [&out](const std::string& where, const std::string& what) {
    out.push_back(where + ": " + what);
  };
  if (!doc.is_object()) return {"document is not an object"};
  if (doc.value("@context", "") != "https://spdx.org/rdf/3.0.1/spdx-context.jsonld") {
    fail("@context", "is not the SPDX 3.0.1 context");
  }
  for (const auto& [k, v] : doc.items()) {
    if (k != "@context" && k != "@graph") fail(k, "unexpected top-level key");
  }
  if (!doc.contains("@graph") || !doc["@graph"].is_array()) {
    fail("@graph", "missing or not an array");
    return out;
  }

  std::map<std::string, const json*> nodes;  // spdxId -> node
  const json* creation_info = nullptr;
  for (const json& n : doc["@graph"]) {
    if (!n.is_object() || !n.contains("type") || !n["type"].is_string()) {
      fail("@graph[]", "a node without a type");
      continue;
    }
    if (n["type"] == "CreationInfo") {
      if (creation_info != nullptr) fail("CreationInfo", "more than one");
      creation_info = &n;
      continue;
    }
    if (!n.contains("spdxId") || !IsIri(n["spdxId"])) {
      fail(n["type"].get<std::string>(), "missing or invalid spdxId");
      continue;
    }
    const std::string id = n["spdxId"].get<std::string>();
    if (!nodes.emplace(id, &n).second) fail(id, "spdxId used twice");
  }
  auto resolves = [&nodes](const json& v) {
    return v.is_string() &&
           (nodes.count(v.get<std::string>()) || Spdx3Individuals().count(v.get<std::string>()));
  };

  // CreationInfo: a blank node with specVersion, created, createdBy 1..*.
  if (creation_info == nullptr) {
    fail("CreationInfo", "missing");
  } else {
    const json& ci = *creation_info;
    if (ci.value("@id", "") != "_:creationinfo") fail("CreationInfo", "@id is not _:creationinfo");
    if (ci.value("specVersion", "") != "3.0.1") fail("CreationInfo", "specVersion is not 3.0.1");
    if (!ci.contains("created") || !IsDateTime(ci["created"])) {
      fail("CreationInfo", "created missing or not YYYY-MM-DDThh:mm:ssZ");
    }
    if (!ci.contains("createdBy") || !ci["createdBy"].is_array() || ci["createdBy"].empty()) {
      fail("CreationInfo", "createdBy must be a non-empty array");
    } else {
      for (const json& a : ci["createdBy"]) {
        if (!resolves(a)) fail("CreationInfo.createdBy", "unresolved " + a.dump());
      }
    }
  }

  static const std::set<std::string> kElementProps = {
      "type",        "spdxId",  "creationInfo",  "name",        "summary",
      "description", "comment", "verifiedUsing", "externalRef", "externalIdentifier"};
  const auto& classes = Spdx3Classes();
  const auto& vocab = Spdx3Vocabularies();

  auto check_value = [&](const std::string& where, const std::string& kind, const json& v) {
    if (kind == "string") {
      if (!v.is_string() || v.get<std::string>().empty()) fail(where, "not a non-empty string");
    } else if (kind == "iri" || kind == "iri-list") {
      if (!resolves(v)) fail(where, "does not resolve: " + v.dump());
    } else if (kind == "datetime") {
      if (!IsDateTime(v)) fail(where, "not YYYY-MM-DDThh:mm:ssZ");
    } else if (kind == "int") {
      if (!v.is_number_unsigned()) fail(where, "not a non-negative integer");
    } else if (kind == "object") {
      if (!v.is_object()) fail(where, "not an object");
    } else if (kind == "dict") {
      if (!v.is_object() || v.value("type", "") != "DictionaryEntry" || !v.contains("key") ||
          !v["key"].is_string() || (v.contains("value") && !v["value"].is_string())) {
        fail(where, "not a DictionaryEntry {key, value?}");
      }
    } else if (kind.starts_with("enum:")) {
      const auto& values = vocab.at(kind.substr(5));
      if (!v.is_string() || !values.count(v.get<std::string>())) {
        fail(where, "not one of " + kind.substr(5) + ": " + v.dump());
      }
    }
  };

  for (const auto& [id, np] : nodes) {
    const json& n = *np;
    const std::string type = n["type"].get<std::string>();
    auto cls = classes.find(type);
    if (cls == classes.end()) {
      fail(id, "unexpected type " + type);
      continue;
    }
    if (n.value("creationInfo", "") != "_:creationinfo")
      fail(id, "creationInfo is not the blank node");
    std::set<std::string> allowed = kElementProps;
    for (const Spdx3Property& p : cls->second) allowed.insert(p.name);
    for (const auto& [k, v] : n.items()) {
      if (!allowed.count(k)) fail(id, "property '" + k + "' is not one of " + type + "'s");
      // Elements are never nested: only references (strings) to them.
      if (v.is_object() && v.contains("spdxId")) fail(id + "." + k, "a nested element");
      if (v.is_array()) {
        for (const json& item : v) {
          if (item.is_object() && item.contains("spdxId")) fail(id + "." + k, "a nested element");
        }
      }
    }
    for (const char* k : {"name", "comment", "summary", "description"}) {
      if (n.contains(k) && !n[k].is_string()) fail(id + "." + k, "not a string");
    }
    if (n.contains("verifiedUsing")) {
      if (!n["verifiedUsing"].is_array()) fail(id + ".verifiedUsing", "not an array");
      for (const json& h : n["verifiedUsing"]) {
        if (h.value("type", "") != "Hash" || h.value("algorithm", "") != "sha256" ||
            h.value("hashValue", "").size() != 64) {
          fail(id + ".verifiedUsing", "not a sha256 Hash: " + h.dump());
        }
      }
    }
    if (n.contains("externalRef")) {
      for (const json& r : n["externalRef"]) {
        if (r.value("type", "") != "ExternalRef") fail(id + ".externalRef", "not an ExternalRef");
        check_value(id + ".externalRef.externalRefType", "enum:ExternalRefType",
                    r.value("externalRefType", json()));
        if (!r.contains("locator") || !r["locator"].is_array()) {
          fail(id + ".externalRef", "locator is not an array");
        }
      }
    }
    for (const Spdx3Property& p : cls->second) {
      const std::string where = id + "." + p.name;
      if (!n.contains(p.name)) {
        if (p.min > 0) fail(where, "required (minCount " + std::to_string(p.min) + ") but absent");
        continue;
      }
      const json& v = n[p.name];
      const bool list = p.max != 1 || p.kind == "iri-list";
      if (list != v.is_array()) {
        fail(where, list ? "cardinality 0..* must be an array" : "maxCount 1 must not be an array");
        continue;
      }
      if (list) {
        if (static_cast<int>(v.size()) < p.min) fail(where, "fewer than minCount values");
        if (p.max > 0 && static_cast<int>(v.size()) > p.max) fail(where, "more than maxCount");
        std::set<std::string> keys;
        for (const json& item : v) {
          check_value(where, p.kind, item);
          if (p.kind == "dict" && item.contains("key") && !keys.insert(item["key"].dump()).second) {
            fail(where, "dictionary key used twice: " + item["key"].dump());
          }
        }
      } else {
        check_value(where, p.kind, v);
      }
    }
    if (type == "simplelicensing_LicenseExpression" &&
        n.contains("simplelicensing_licenseExpression")) {
      SpdxParseOptions strict;
      strict.strict = true;
      const std::string text = n["simplelicensing_licenseExpression"].get<std::string>();
      if (!ParseSpdxExpression(text, strict).ok()) fail(id, "invalid license expression " + text);
    }
  }

  // Profile conformance (AI.md, Dataset.md): exactly one hasConcludedLicense and one
  // hasDeclaredLicense from every AIPackage and DatasetPackage, to one AnyLicenseInfo.
  std::map<std::string, std::map<std::string, int>> license_rels;
  for (const auto& [id, np] : nodes) {
    const json& n = *np;
    if (n["type"] != "Relationship") continue;
    const std::string type = n.value("relationshipType", "");
    if (type != "hasDeclaredLicense" && type != "hasConcludedLicense") continue;
    license_rels[n.value("from", "")][type]++;
    if (!n["to"].is_array() || n["to"].size() != 1) {
      fail(id, type + " must point to exactly one license");
      continue;
    }
    const std::string to = n["to"][0].is_string() ? n["to"][0].get<std::string>() : "";
    const bool license =
        (nodes.count(to) && (*nodes[to])["type"] == "simplelicensing_LicenseExpression") ||
        to.find("/terms/Licensing/") != std::string::npos;
    if (!license) fail(id, type + " does not point to a license: " + to);
  }
  for (const auto& [id, np] : nodes) {
    const std::string type = (*np)["type"].get<std::string>();
    if (type != "ai_AIPackage" && type != "dataset_DatasetPackage") continue;
    for (const char* rel : {"hasDeclaredLicense", "hasConcludedLicense"}) {
      const int count = license_rels[id][rel];
      if (count != 1) {
        fail(id, std::string("has ") + std::to_string(count) + " " + rel +
                     " relationships; the profile requires exactly one");
      }
    }
  }

  // The document lists every element and has a root.
  size_t documents = 0;
  for (const auto& [id, np] : nodes) {
    const json& n = *np;
    if (n["type"] != "SpdxDocument") continue;
    ++documents;
    std::set<std::string> listed;
    for (const json& e : n.value("element", json::array())) listed.insert(e.get<std::string>());
    for (const auto& [other, unused] : nodes) {
      if (other != id && !listed.count(other)) fail(id + ".element", "does not list " + other);
    }
    if (n.value("rootElement", json::array()).empty()) fail(id, "no rootElement");
  }
  if (documents != 1)
    fail("@graph", "expected one SpdxDocument, found " + std::to_string(documents));
  return out;
}

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_SPDX3_CHECKS_H_
