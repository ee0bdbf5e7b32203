// SPDX 3.0.1 BOMs: structural conformance (tests/spdx3_checks.h) on the bundled example and the
// generated releases, what each document says, determinism, and that the checks themselves
// catch faults.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "bom_fixtures.h"  // and test_util.h (whose second half has no include guard)
#include "openness/bom.h"
#include "openness/hashing.h"
#include "openness/license_terms.h"
#include "spdx3_checks.h"

namespace openness {
namespace {

using ::openness::testing::ScanForBom;
using ::openness::testing::Spdx3Violations;
using ::openness::testing::TempDir;
using Json = nlohmann::json;

Json Spdx(const Report& r, const BomOptions& options = {}) {
  std::string text;
  Status s = RenderBom(r, BomFormat::kSpdx3, options, &text);
  EXPECT_TRUE(s.ok()) << s.ToString();
  Json j = Json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded());
  return j;
}

// The nodes of a type, in graph order.
std::vector<Json> OfType(const Json& doc, const std::string& type) {
  std::vector<Json> out;
  for (const Json& n : doc["@graph"]) {
    if (n.value("type", "") == type) out.push_back(n);
  }
  return out;
}

const Json* ById(const Json& doc, const std::string& id) {
  for (const Json& n : doc["@graph"]) {
    if (n.value("spdxId", "") == id) return &n;
  }
  return nullptr;
}

Json NamedNode(const Json& doc, const std::string& type, const std::string& name) {
  for (const Json& n : OfType(doc, type)) {
    if (n.value("name", "") == name) return n;
  }
  ADD_FAILURE() << "no " << type << " named " << name;
  return Json::object();
}

// The ids a relationship of this type from `from` points to.
std::vector<std::string> Related(const Json& doc, const std::string& from,
                                 const std::string& type) {
  std::vector<std::string> out;
  for (const Json& r : OfType(doc, "Relationship")) {
    if (r["from"] == from && r["relationshipType"] == type) {
      for (const Json& t : r["to"]) out.push_back(t.get<std::string>());
    }
  }
  return out;
}

// The license expression a package's relationship of this type points to, or the individual.
std::string LicenseOf(const Json& doc, const std::string& package, const std::string& type) {
  std::vector<std::string> to = Related(doc, package, type);
  if (to.size() != 1) return "<" + std::to_string(to.size()) + " relationships>";
  const Json* node = ById(doc, to[0]);
  if (node == nullptr) return to[0];
  return node->value("simplelicensing_licenseExpression", "");
}

std::vector<std::string> Names(const Json& doc, const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const std::string& id : ids) {
    const Json* n = ById(doc, id);
    out.push_back(n == nullptr ? id : n->value("name", ""));
  }
  return out;
}

constexpr const char* kNoAssertionLicense =
    "https://spdx.org/rdf/3.0.1/terms/Licensing/NoAssertion";

TEST(Spdx3BomTest, BundledExample) {
  const Json doc = Spdx(ScanForBom((testing::SourceDir() / "examples" / "tiny-release").string()));
  EXPECT_EQ(Spdx3Violations(doc), std::vector<std::string>{});
  const Json model = NamedNode(doc, "ai_AIPackage", "tiny-release");
  const std::string id = model["spdxId"];
  EXPECT_EQ(model["software_primaryPurpose"], "model");
  EXPECT_EQ(model["ai_typeOfModel"], Json::array({"TinyForCausalLM", "tiny"}));
  EXPECT_EQ(model["ai_domain"], Json::array({"text-generation"}));
  EXPECT_EQ(LicenseOf(doc, id, "hasConcludedLicense"), "MIT");
  EXPECT_EQ(LicenseOf(doc, id, "hasDeclaredLicense"), "MIT");
  EXPECT_EQ(Names(doc, Related(doc, id, "trainedOn")),
            std::vector<std::string>{"openness-examples/toy-stories"});
  EXPECT_EQ(Names(doc, Related(doc, id, "descendantOf")),
            std::vector<std::string>{"openness-examples/tiny-base"});
  EXPECT_EQ(Names(doc, Related(doc, id, "contains")),
            std::vector<std::string>{"model.safetensors"});
  // The card's "Training Data" section is the training information.
  EXPECT_NE(model.value("ai_informationAboutTraining", "").find("one hundred short stories"),
            std::string::npos);
  // The dataset's license is unknown to the release and to our data: no assertion.
  const Json ds = NamedNode(doc, "dataset_DatasetPackage", "openness-examples/toy-stories");
  EXPECT_EQ(Related(doc, ds["spdxId"], "hasDeclaredLicense"),
            std::vector<std::string>{kNoAssertionLicense});
  EXPECT_EQ(ds["dataset_datasetType"], Json::array({"noAssertion"}));
  // No clock: the stand-in creation time, said so.
  const Json info = OfType(doc, "CreationInfo").at(0);
  EXPECT_EQ(info["created"], std::string(kNoTimestamp));
  EXPECT_TRUE(info.contains("comment"));
}

TEST(Spdx3BomTest, RichReleaseCarriesTheCard) {
  TempDir dir;
  testing::WriteRichRelease(dir);
  const Json doc = Spdx(ScanForBom(dir.path().string()));
  EXPECT_EQ(Spdx3Violations(doc), std::vector<std::string>{});
  const Json model = NamedNode(doc, "ai_AIPackage", dir.path().filename().string());
  const std::string id = model["spdxId"];
  // A license outside the SPDX list: a LicenseRef, mapped to the card's license_link.
  const std::vector<std::string> concluded = Related(doc, id, "hasConcludedLicense");
  ASSERT_EQ(concluded.size(), 1u);
  const Json* lic = ById(doc, concluded[0]);
  ASSERT_NE(lic, nullptr);
  EXPECT_EQ((*lic)["simplelicensing_licenseExpression"], "LicenseRef-openness-acme-model-license");
  ASSERT_TRUE(lic->contains("simplelicensing_customIdToUri"));
  EXPECT_EQ((*lic)["simplelicensing_customIdToUri"][0]["value"],
            "https://example.com/acme/LICENSE");
  EXPECT_EQ(model["ai_typeOfModel"], Json::array({"BertForSequenceClassification", "bert"}));
  EXPECT_EQ(model["ai_domain"], Json::array({"text-classification"}));
  EXPECT_EQ(model["ai_metric"].size(), 2u);
  EXPECT_EQ(model["ai_metric"][0]["key"], "accuracy on GLUE MRPC (text-classification)");
  EXPECT_EQ(model["ai_metric"][0]["value"], "0.88");
  EXPECT_NE(model.value("ai_limitation", "").find("misreads other languages"), std::string::npos);
  EXPECT_NE(model.value("ai_informationAboutApplication", "").find("Routing incoming"),
            std::string::npos);
  bool hidden = false;
  for (const Json& h : model["ai_hyperparameter"]) {
    hidden = hidden || (h["key"] == "hidden_size" && h["value"] == "768");
  }
  EXPECT_TRUE(hidden);
  // Known dataset: its license from our data files; the other one: no assertion.
  const Json c4 = NamedNode(doc, "dataset_DatasetPackage", "allenai/c4");
  EXPECT_EQ(LicenseOf(doc, c4["spdxId"], "hasDeclaredLicense"), "ODC-By-1.0");
  EXPECT_EQ(c4["software_downloadLocation"], "https://huggingface.co/datasets/allenai/c4");
  EXPECT_EQ(Names(doc, Related(doc, id, "trainedOn")),
            (std::vector<std::string>{"allenai/c4", "acme/support-tickets"}));
  EXPECT_EQ(Names(doc, Related(doc, id, "testedOn")), std::vector<std::string>{"nyu-mll/glue"});
  // Code repository and paper as external references.
  std::set<std::string> refs;
  for (const Json& r : model["externalRef"]) {
    refs.insert(r["externalRefType"].get<std::string>() + " " + r["locator"][0].get<std::string>());
  }
  EXPECT_TRUE(refs.count("vcs https://github.com/acme/classifier"));
  EXPECT_TRUE(refs.count("documentation https://arxiv.org/abs/2401.00002"));
}

TEST(Spdx3BomTest, LfsPointersKeepTheirHashesAndLicenseRefs) {
  TempDir dir;
  testing::WriteRestrictedRelease(dir);
  const Json doc = Spdx(ScanForBom(dir.path().string()));
  EXPECT_EQ(Spdx3Violations(doc), std::vector<std::string>{});
  const Json model = OfType(doc, "ai_AIPackage").at(0);
  EXPECT_EQ(LicenseOf(doc, model["spdxId"], "hasConcludedLicense"), "LicenseRef-openness-llama3.1");
  // No license_link on the card: the LicenseRef still maps to a text, and the comment names the
  // release's own copy.
  const std::vector<std::string> concluded = Related(doc, model["spdxId"], "hasConcludedLicense");
  ASSERT_EQ(concluded.size(), 1u);
  const Json* lic = ById(doc, concluded[0]);
  ASSERT_NE(lic, nullptr);
  ASSERT_TRUE(lic->contains("simplelicensing_customIdToUri")) << lic->dump(2);
  EXPECT_EQ((*lic)["simplelicensing_customIdToUri"][0]["key"], "LicenseRef-openness-llama3.1");
  EXPECT_NE(lic->value("comment", "").find("LicenseRef-openness-llama3.1: LICENSE"),
            std::string::npos)
      << lic->dump(2);
  const std::vector<Json> files = OfType(doc, "software_File");
  ASSERT_EQ(files.size(), 2u);
  for (const Json& f : files) {
    EXPECT_EQ(f["verifiedUsing"][0]["hashValue"], std::string(64, 'e'));
  }
  EXPECT_EQ(Names(doc, Related(doc, model["spdxId"], "descendantOf")),
            std::vector<std::string>{"meta-llama/Llama-3.1-8B"});
}

TEST(Spdx3BomTest, NamedLicenseWithoutALinkMapsToTheOfficialText) {
  // A release under Llama 3.1 that names no link, no base model and ships no license file: the
  // LicenseRef maps to the text our license data names.
  const LicenseEntry* llama = LicenseKnowledgeBase::Builtin().Find("llama3.1");
  ASSERT_NE(llama, nullptr);
  ASSERT_FALSE(llama->url.empty());
  Report r = Report::Empty();
  r.subject.id = "bare-finetune";
  r.license.effective = {EffectiveLicense{"llama3.1", llama->name, "", false, false, {}}};
  const Json doc = Spdx(r);
  EXPECT_EQ(Spdx3Violations(doc), std::vector<std::string>{});
  const Json model = OfType(doc, "ai_AIPackage").at(0);
  const std::vector<std::string> concluded = Related(doc, model["spdxId"], "hasConcludedLicense");
  ASSERT_EQ(concluded.size(), 1u);
  const Json* lic = ById(doc, concluded[0]);
  ASSERT_NE(lic, nullptr);
  ASSERT_TRUE(lic->contains("simplelicensing_customIdToUri")) << lic->dump(2);
  EXPECT_EQ((*lic)["simplelicensing_customIdToUri"][0]["key"], "LicenseRef-openness-llama3.1");
  EXPECT_EQ((*lic)["simplelicensing_customIdToUri"][0]["value"], llama->url);
  EXPECT_FALSE(lic->contains("comment"));  // no file shipped, none named
}

TEST(Spdx3BomTest, GgufMetadataNamesDatasetAndBase) {
  TempDir dir;
  const Json doc = Spdx(ScanForBom(testing::WriteGgufRelease(dir)));
  EXPECT_EQ(Spdx3Violations(doc), std::vector<std::string>{});
  const Json model = NamedNode(doc, "ai_AIPackage", "tiny.Q8_0.gguf");
  EXPECT_EQ(LicenseOf(doc, model["spdxId"], "hasDeclaredLicense"), "Apache-2.0");
  EXPECT_EQ(model["ai_typeOfModel"], Json::array({"llama"}));
  EXPECT_EQ(Names(doc, Related(doc, model["spdxId"], "trainedOn")),
            std::vector<std::string>{"allenai/dolma"});
  const Json dolma = NamedNode(doc, "dataset_DatasetPackage", "allenai/dolma");
  EXPECT_EQ(LicenseOf(doc, dolma["spdxId"], "hasDeclaredLicense"), "ODC-By-1.0");
  EXPECT_EQ(Names(doc, Related(doc, model["spdxId"], "descendantOf")),
            std::vector<std::string>{"org/tiny-base"});
}

TEST(Spdx3BomTest, HashedWeightsAreVerified) {
  TempDir dir;
  testing::WriteRichRelease(dir);
  const Json doc = Spdx(ScanForBom(dir.path().string(), /*hash=*/true));
  EXPECT_EQ(Spdx3Violations(doc), std::vector<std::string>{});
  const Json file = OfType(doc, "software_File").at(0);
  const std::string expected = Sha256Hex(testing::ReadFileOrDie(dir.path() / "model.safetensors"));
  EXPECT_EQ(file["verifiedUsing"][0]["hashValue"], expected);
}

TEST(Spdx3BomTest, DeterministicUnlessATimeIsAsked) {
  const Report r = ScanForBom((testing::SourceDir() / "examples" / "tiny-release").string());
  std::string a, b, c;
  ASSERT_OK(RenderBom(r, BomFormat::kSpdx3, {}, &a));
  ASSERT_OK(RenderBom(r, BomFormat::kSpdx3, {}, &b));
  EXPECT_EQ(a, b);
  BomOptions timed;
  timed.timestamp = "2025-03-04T05:06:07Z";
  ASSERT_OK(RenderBom(r, BomFormat::kSpdx3, timed, &c));
  EXPECT_NE(a, c);
  const Json doc = Json::parse(c);
  EXPECT_EQ(Spdx3Violations(doc), std::vector<std::string>{});
  EXPECT_EQ(OfType(doc, "CreationInfo").at(0)["created"], "2025-03-04T05:06:07Z");
  EXPECT_FALSE(OfType(doc, "CreationInfo").at(0).contains("comment"));
  // The namespace follows the content.
  EXPECT_NE(Json::parse(a)["@graph"][1]["spdxId"], doc["@graph"][1]["spdxId"]);
  timed.timestamp = "2025-13-04T05:06:07Z";
  EXPECT_EQ(RenderBom(r, BomFormat::kSpdx3, timed, &c).code(), Status::Code::kInvalidArgument);
}

// The checks must fail on broken documents, or passing them means nothing.
TEST(Spdx3ChecksTest, CatchFaults) {
  const Json good = Spdx(ScanForBom((testing::SourceDir() / "examples" / "tiny-release").string()));
  ASSERT_EQ(Spdx3Violations(good), std::vector<std::string>{});
  auto mutate = [&good](auto change) {
    Json doc = good;
    change(&doc);
    return Spdx3Violations(doc);
  };
  auto find = [](Json* doc, const std::string& type) -> Json& {
    for (Json& n : (*doc)["@graph"]) {
      if (n.value("type", "") == type) return n;
    }
    static Json none;
    return none;
  };
  // A declared-license relationship removed.
  EXPECT_FALSE(mutate([](Json* d) {
                 auto& g = (*d)["@graph"];
                 for (auto it = g.begin(); it != g.end(); ++it) {
                   if (it->value("relationshipType", "") == "hasDeclaredLicense") {
                     g.erase(it);
                     break;
                   }
                 }
               }).empty());
  EXPECT_FALSE(mutate([&](Json* d) {
                 find(d, "dataset_DatasetPackage")["dataset_datasetType"] = {"texts"};
               }).empty());
  EXPECT_FALSE(mutate([&](Json* d) {
                 find(d, "ai_AIPackage")["releaseTime"] = {"2025-01-01T00:00:00Z"};
               }).empty());
  EXPECT_FALSE(mutate([&](Json* d) { find(d, "ai_AIPackage").erase("suppliedBy"); }).empty());
  EXPECT_FALSE(mutate([&](Json* d) {
                 find(d, "ai_AIPackage")["ai_typeofModel"] = {"x"};  // misspelt property
               }).empty());
  EXPECT_FALSE(mutate([&](Json* d) {
                 find(d, "Relationship")["to"] = {"urn:nowhere#x"};  // dangling reference
               }).empty());
  EXPECT_FALSE(mutate([&](Json* d) {
                 Json nested = find(d, "Tool");
                 find(d, "ai_AIPackage")["suppliedBy"] = nested;  // an element nested
               }).empty());
  EXPECT_FALSE(mutate([&](Json* d) {
                 find(d, "simplelicensing_LicenseExpression")["simplelicensing_licenseExpression"] =
                     "MIT OR";
               }).empty());
}

// The tables in spdx3_checks.h agree with the SPDX model files in the shared corpus.
std::map<std::string, std::pair<int, int>> ModelProperties(const std::filesystem::path& md) {
  std::map<std::string, std::pair<int, int>> out;
  std::istringstream in(testing::ReadFileOrDie(md));
  std::string line, current;
  bool in_properties = false;
  while (std::getline(in, line)) {
    if (line.starts_with("## ")) in_properties = line == "## Properties";
    if (!in_properties) continue;
    if (line.starts_with("- ")) {
      current = line.substr(2);
      out[current] = {0, -1};
    } else if (!current.empty() && line.starts_with("  - minCount: ")) {
      out[current].first = std::stoi(line.substr(14));
    } else if (!current.empty() && line.starts_with("  - maxCount: ")) {
      out[current].second = std::stoi(line.substr(14));
    }
  }
  return out;
}

std::set<std::string> ModelEntries(const std::filesystem::path& md) {
  std::set<std::string> out;
  std::istringstream in(testing::ReadFileOrDie(md));
  std::string line;
  bool in_entries = false;
  while (std::getline(in, line)) {
    if (line.starts_with("## ")) in_entries = line == "## Entries";
    if (in_entries && line.starts_with("- ")) out.insert(line.substr(2, line.find(':') - 2));
  }
  return out;
}

TEST(Spdx3ChecksTest, TablesMatchTheSpdxModel) {
  SKIP_WITHOUT_SHARED(shared);
  const auto dir = shared / "corpus" / "formats" / "spdx3" / "model";
  const auto& classes = testing::Spdx3Classes();
  for (const auto& [type, file, prefix] :
       {std::tuple{"ai_AIPackage", "AIPackage.md", "ai_"},
        std::tuple{"dataset_DatasetPackage", "DatasetPackage.md", "dataset_"}}) {
    const auto props = ModelProperties(dir / file);
    ASSERT_FALSE(props.empty()) << file;
    for (const auto& [name, card] : props) {
      const std::string serialized = prefix + name;
      const testing::Spdx3Property* ours = nullptr;
      for (const auto& p : classes.at(type)) {
        if (p.name == serialized) ours = &p;
      }
      ASSERT_NE(ours, nullptr) << serialized << " is in " << file << " but not in our table";
      EXPECT_EQ(ours->min, card.first) << serialized;
      EXPECT_EQ(ours->max, card.second) << serialized;
    }
  }
  const auto& vocab = testing::Spdx3Vocabularies();
  for (const char* v :
       {"DatasetType", "PresenceType", "SafetyRiskAssessmentType", "ConfidentialityLevelType",
        "DatasetAvailabilityType", "SoftwarePurpose", "ProfileIdentifierType"}) {
    EXPECT_EQ(vocab.at(v), ModelEntries(dir / (std::string(v) + ".md"))) << v;
  }
  // Our relationship types are a subset of the model's.
  const std::set<std::string> relationships = ModelEntries(dir / "RelationshipType.md");
  for (const std::string& r : vocab.at("RelationshipType")) {
    EXPECT_TRUE(relationships.count(r)) << r;
  }
}

}  // namespace
}  // namespace openness
