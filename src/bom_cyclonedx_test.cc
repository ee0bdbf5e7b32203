// CycloneDX 1.6 BOMs: what each part of the BOM says for the bundled example and generated
// releases, references, the base-model chain, hashes and determinism. Schema validation is in
// tests/bom_schema_test.cc.
#include <gtest/gtest.h>

#include <set>

#include "bom_fixtures.h"  // and test_util.h (whose second half has no include guard)
#include "bom_internal.h"
#include "openness/bom.h"
#include "openness/hashing.h"
#include "openness/license_terms.h"

namespace openness {
namespace {

using ::openness::testing::ScanForBom;
using ::openness::testing::TempDir;
using Json = nlohmann::json;

Json Cdx(const Report& r, const BomOptions& options = {}) {
  std::string text;
  Status s = RenderBom(r, BomFormat::kCycloneDx, options, &text);
  EXPECT_TRUE(s.ok()) << s.ToString();
  Json j = Json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded());
  return j;
}

// Every bom-ref once; every reference (dependencies, model card datasets) to one of them.
std::vector<std::string> ReferenceProblems(const Json& bom) {
  std::vector<std::string> out;
  std::set<std::string> refs;
  auto collect = [&](const Json& c, auto&& self) -> void {
    if (c.contains("bom-ref") && !refs.insert(c["bom-ref"].get<std::string>()).second) {
      out.push_back("bom-ref twice: " + c["bom-ref"].get<std::string>());
    }
    for (const Json& sub : c.value("components", Json::array())) self(sub, self);
  };
  collect(bom["metadata"]["component"], collect);
  for (const Json& c : bom["components"]) collect(c, collect);
  for (const Json& d : bom["dependencies"]) {
    if (!refs.count(d["ref"])) out.push_back("dependency of unknown " + d["ref"].dump());
    for (const Json& on : d.value("dependsOn", Json::array())) {
      if (!refs.count(on)) out.push_back("depends on unknown " + on.dump());
    }
  }
  const Json& card = bom["metadata"]["component"].value("modelCard", Json::object());
  for (const Json& ds :
       card.value("modelParameters", Json::object()).value("datasets", Json::array())) {
    if (!refs.count(ds["ref"])) out.push_back("model card names unknown " + ds["ref"].dump());
  }
  return out;
}

std::string Property(const Json& component, const std::string& name) {
  for (const Json& p : component.value("properties", Json::array())) {
    if (p["name"] == name) return p["value"];
  }
  return "<absent>";
}

const Json* Component(const Json& bom, const std::string& ref) {
  for (const Json& c : bom["components"]) {
    if (c.value("bom-ref", "") == ref) return &c;
  }
  return nullptr;
}

TEST(CycloneDxBomTest, BundledExample) {
  const Json bom = Cdx(ScanForBom((testing::SourceDir() / "examples" / "tiny-release").string()));
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.6");
  EXPECT_EQ(bom["version"], 1);
  EXPECT_FALSE(bom["metadata"].contains("timestamp"));
  EXPECT_EQ(ReferenceProblems(bom), std::vector<std::string>{});

  const Json& model = bom["metadata"]["component"];
  EXPECT_EQ(model["type"], "machine-learning-model");
  EXPECT_EQ(model["name"], "tiny-release");
  EXPECT_EQ(model["licenses"][0]["license"]["id"], "MIT");
  EXPECT_EQ(model["licenses"][0]["license"]["acknowledgement"], "concluded");
  bool declared = false;
  for (const Json& l : model["licenses"]) {
    declared = declared || (l["license"]["acknowledgement"] == "declared" &&
                            l["license"].value("id", "") == "MIT");
  }
  EXPECT_TRUE(declared);
  const Json& params = model["modelCard"]["modelParameters"];
  EXPECT_EQ(params["task"], "text-generation");
  EXPECT_EQ(params["modelArchitecture"], "TinyForCausalLM");
  EXPECT_EQ(params["architectureFamily"], "tiny");
  EXPECT_EQ(params["datasets"][0]["ref"], "openness:dataset:openness-examples/toy-stories");
  const Json* ds = Component(bom, "openness:dataset:openness-examples/toy-stories");
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ((*ds)["type"], "data");
  EXPECT_EQ((*ds)["data"][0]["type"], "dataset");
  EXPECT_FALSE(ds->contains("licenses"));  // nobody says
  EXPECT_EQ(Property(*ds, "openness:dataset-use"), "training");

  std::set<std::string> refs;
  for (const Json& r : model["externalReferences"])
    refs.insert(r["type"].get<std::string>() + " " + r["url"].get<std::string>());
  EXPECT_TRUE(refs.count("vcs https://github.com/openness-examples/tiny-release"));
  EXPECT_TRUE(refs.count("documentation https://arxiv.org/abs/2401.00001"));

  ASSERT_EQ(model["components"].size(), 1u);
  EXPECT_EQ(model["components"][0]["name"], "model.safetensors");
  EXPECT_FALSE(model["components"][0].contains("hashes"));  // not asked to hash

  EXPECT_EQ(Property(model, "openness:level"), "open-weights");
  EXPECT_EQ(Property(model, "openness:right:commercial"), "allowed");
  EXPECT_EQ(Property(model, "openness:parameters"), "16");

  ASSERT_GE(bom["dependencies"].size(), 2u);
  EXPECT_EQ(bom["dependencies"][0]["ref"], "openness:model");
  EXPECT_EQ(bom["dependencies"][0]["dependsOn"],
            Json::array({"openness:base-model:openness-examples/tiny-base"}));
  const Json* base = Component(bom, "openness:base-model:openness-examples/tiny-base");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ((*base)["group"], "openness-examples");
  EXPECT_EQ((*base)["name"], "tiny-base");
  EXPECT_EQ(Property(*base, "openness:relation"), "finetune");
}

TEST(CycloneDxBomTest, RichReleaseCarriesTheCard) {
  TempDir dir;
  testing::WriteRichRelease(dir);
  const Json bom = Cdx(ScanForBom(dir.path().string()));
  EXPECT_EQ(ReferenceProblems(bom), std::vector<std::string>{});
  const Json& model = bom["metadata"]["component"];
  // The license outside the SPDX list is named, with the card's link as its text reference.
  const Json& lic = model["licenses"][0]["license"];
  EXPECT_FALSE(lic.contains("id"));
  EXPECT_TRUE(lic.contains("name"));
  EXPECT_EQ(lic["url"], "https://example.com/acme/LICENSE");
  EXPECT_EQ(Property(lic, "openness:spdx-ref").rfind("LicenseRef-openness-", 0), 0u);

  const Json& card = model["modelCard"];
  const Json& metrics = card["quantitativeAnalysis"]["performanceMetrics"];
  ASSERT_EQ(metrics.size(), 2u);
  EXPECT_EQ(metrics[0]["type"], "accuracy");
  EXPECT_EQ(metrics[0]["value"], "0.88");
  EXPECT_EQ(metrics[0]["slice"], "GLUE MRPC (text-classification)");
  EXPECT_NE(card["considerations"]["technicalLimitations"][0].get<std::string>().find(
                "misreads other languages"),
            std::string::npos);
  EXPECT_NE(card["considerations"]["useCases"][0].get<std::string>().find("Routing"),
            std::string::npos);
  EXPECT_EQ(Property(card, "openness:hyperparameter:num_hidden_layers"), "12");
  EXPECT_EQ(card["modelParameters"]["datasets"].size(), 3u);  // two trained on, one evaluated on

  const Json* c4 = Component(bom, "openness:dataset:allenai/c4");
  ASSERT_NE(c4, nullptr);
  EXPECT_EQ((*c4)["licenses"][0]["license"]["id"], "ODC-By-1.0");
  EXPECT_EQ((*c4)["licenses"][0]["license"]["acknowledgement"], "declared");
  EXPECT_EQ((*c4)["externalReferences"][0]["url"], "https://huggingface.co/datasets/allenai/c4");
  const Json* glue = Component(bom, "openness:dataset:nyu-mll/glue");
  ASSERT_NE(glue, nullptr);
  EXPECT_EQ(Property(*glue, "openness:dataset-use"), "evaluation");
}

TEST(CycloneDxBomTest, HashesOfWeightsFiles) {
  TempDir dir;
  testing::WriteRichRelease(dir);
  const Json bom = Cdx(ScanForBom(dir.path().string(), /*hash=*/true));
  const Json& file = bom["metadata"]["component"]["components"][0];
  EXPECT_EQ(file["hashes"][0]["alg"], "SHA-256");
  EXPECT_EQ(file["hashes"][0]["content"],
            Sha256Hex(testing::ReadFileOrDie(dir.path() / "model.safetensors")));

  TempDir lfs;
  testing::WriteRestrictedRelease(lfs);
  const Json pointers = Cdx(ScanForBom(lfs.path().string()));
  for (const Json& f : pointers["metadata"]["component"]["components"]) {
    EXPECT_EQ(f["hashes"][0]["content"], std::string(64, 'e'));
    EXPECT_EQ(Property(f, "openness:present"), "false (Git LFS pointer)");
  }
}

TEST(CycloneDxBomTest, BaseModelChainIsADependencyGraph) {
  Report r = Report::Empty();
  r.subject.id = "org/child";
  r.subject.source = "hub";
  r.subject.revision = "0123abcd";
  LineageEntry parent;
  parent.id = "org/parent";
  parent.relation = "finetune";
  parent.license = "llama3.1";
  LineageEntry grandparent;
  grandparent.id = "org/grandparent";
  grandparent.child = "org/parent";
  r.lineage = {parent, grandparent};
  const Json bom = Cdx(r);
  EXPECT_EQ(ReferenceProblems(bom), std::vector<std::string>{});
  Json expected =
      Json::array({{{"ref", "openness:model"}, {"dependsOn", {"openness:base-model:org/parent"}}},
                   {{"ref", "openness:base-model:org/parent"},
                    {"dependsOn", {"openness:base-model:org/grandparent"}}},
                   {{"ref", "openness:base-model:org/grandparent"}}});
  EXPECT_EQ(bom["dependencies"], expected);
  const Json& model = bom["metadata"]["component"];
  EXPECT_EQ(model["purl"], "pkg:huggingface/org/child@0123abcd");
  EXPECT_EQ(model["externalReferences"][0]["url"], "https://huggingface.co/org/child");
  const Json* p = Component(bom, "openness:base-model:org/parent");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ((*p)["licenses"][0]["license"]["name"], "Llama 3.1 Community License Agreement");
}

// A license of the knowledge base outside the SPDX list that it gives no URL for, or nullptr.
const LicenseEntry* NamedLicenseWithoutUrl() {
  for (const LicenseEntry& e : LicenseKnowledgeBase::Builtin().entries()) {
    if (e.spdx.empty() && e.url.empty() && e.kind != LicenseKind::kUnknown) return &e;
  }
  return nullptr;
}

bool HasExternalRef(const Json& component, const std::string& type, const std::string& url) {
  for (const Json& r : component.value("externalReferences", Json::array())) {
    if (r["type"] == type && r["url"] == url) return true;
  }
  return false;
}

TEST(CycloneDxBomTest, NamedLicenseHasATextReferenceWithoutALicenseLink) {
  // Llama 3.1 with its LICENSE file and no license_link on the card: the official text the
  // knowledge base names, and the file the release ships.
  TempDir dir;
  testing::WriteRestrictedRelease(dir);
  const Json bom = Cdx(ScanForBom(dir.path().string()));
  const LicenseEntry* llama = LicenseKnowledgeBase::Builtin().Find("llama3.1");
  ASSERT_NE(llama, nullptr);
  ASSERT_FALSE(llama->url.empty());
  const Json& model = bom["metadata"]["component"];
  ASSERT_EQ(model["licenses"].size(), 2u);  // concluded and declared
  for (const Json& l : model["licenses"]) {
    EXPECT_EQ(l["license"]["url"], llama->url) << l.dump(2);
    EXPECT_EQ(Property(l["license"], "openness:license-file"), "LICENSE") << l.dump(2);
  }
  EXPECT_TRUE(HasExternalRef(model, "license", llama->url)) << model.dump(2);

  // A Hub release under a license the knowledge base has no URL for, with its license file: the
  // file on the Hub, at the audited revision.
  const LicenseEntry* named = NamedLicenseWithoutUrl();
  ASSERT_NE(named, nullptr);
  Report hub = Report::Empty();
  hub.subject.source = "hub";
  hub.subject.id = "org/model";
  hub.subject.revision = "0123abcd";
  hub.license.effective = {EffectiveLicense{named->key, named->name, "", false, false, {}}};
  DetectedLicense detected;
  detected.key = named->key;
  detected.evidence = Evidence::InFile("LICENSE.md", 1);
  hub.license.detected = {detected};
  const Json hub_bom = Cdx(hub);
  const Json& hub_model = hub_bom["metadata"]["component"];
  const std::string blob = "https://huggingface.co/org/model/blob/0123abcd/LICENSE.md";
  EXPECT_EQ(hub_model["licenses"][0]["license"]["url"], blob) << hub_model.dump(2);
  EXPECT_EQ(Property(hub_model["licenses"][0]["license"], "openness:license-file"), "LICENSE.md");
  EXPECT_TRUE(HasExternalRef(hub_model, "license", blob));

  // Neither a file nor a known URL: no reference is made up.
  Report bare = hub;
  bare.subject = Subject{};
  bare.subject.id = "bare";
  bare.license.detected.clear();
  const Json bare_lic = Cdx(bare)["metadata"]["component"]["licenses"][0]["license"];
  EXPECT_FALSE(bare_lic.contains("url")) << bare_lic.dump(2);
  EXPECT_EQ(Property(bare_lic, "openness:license-file"), "<absent>");
}

TEST(CycloneDxBomTest, DeterministicSerialNumber) {
  const Report r = ScanForBom((testing::SourceDir() / "examples" / "tiny-release").string());
  std::string a, b, c;
  ASSERT_OK(RenderBom(r, BomFormat::kCycloneDx, {}, &a));
  ASSERT_OK(RenderBom(r, BomFormat::kCycloneDx, {}, &b));
  EXPECT_EQ(a, b);
  const std::string serial = Json::parse(a)["serialNumber"];
  ASSERT_EQ(serial.size(), 45u);
  EXPECT_EQ(serial.substr(0, 9), "urn:uuid:");
  EXPECT_EQ(serial[9 + 14], '8');  // version 8
  BomOptions timed;
  timed.timestamp = "2025-03-04T05:06:07Z";
  ASSERT_OK(RenderBom(r, BomFormat::kCycloneDx, timed, &c));
  const Json j = Json::parse(c);
  EXPECT_EQ(j["metadata"]["timestamp"], "2025-03-04T05:06:07Z");
  EXPECT_NE(j["serialNumber"], serial);
  Report other = r;
  other.openness.level = "open-source";
  EXPECT_NE(Cdx(other)["serialNumber"], serial);
  timed.timestamp = "yesterday";
  EXPECT_EQ(RenderBom(r, BomFormat::kCycloneDx, timed, &c).code(), Status::Code::kInvalidArgument);
}

TEST(BomHelpersTest, UrlsAndIds) {
  EXPECT_EQ(bom::IriSafe("https://x.org/a b<c>"), "https://x.org/a%20b%3Cc%3E");
  EXPECT_TRUE(bom::IsHubId("meta-llama/Llama-3.1-8B"));
  EXPECT_FALSE(bom::IsHubId("tiny-release"));
  EXPECT_FALSE(bom::IsHubId("a/b/c"));
  EXPECT_FALSE(bom::IsHubId("a b/c"));
  EXPECT_EQ(bom::LicenseRefFor("Acme Model License v2!"),
            "LicenseRef-openness-Acme-Model-License-v2");
  EXPECT_TRUE(bom::IsUtcTimestamp("2024-02-29T23:59:59Z"));
  EXPECT_FALSE(bom::IsUtcTimestamp("2024-02-29 23:59:59Z"));
  EXPECT_EQ(bom::UuidFromDigest(std::string(64, 'f')), "ffffffff-ffff-8fff-bfff-ffffffffffff");
  EXPECT_EQ(UtcTimestamp(0), "1970-01-01T00:00:00Z");
  BomFormat f;
  EXPECT_TRUE(ParseBomFormat("spdx3", &f));
  EXPECT_EQ(f, BomFormat::kSpdx3);
  EXPECT_FALSE(ParseBomFormat("spdx", &f));
}

TEST(BomHelpersTest, DeclaredExpressionsMapToSpdxIdsAndRefs) {
  Report r = Report::Empty();
  r.license.declared = {{"apache-2.0 OR mit", {}}, {"llama3.1", {}}, {"apache-2.0 OR mit", {}}};
  EXPECT_EQ(bom::DeclaredExpression(r), "(Apache-2.0 OR MIT) AND LicenseRef-openness-llama3.1");
  r.license.declared = {{"unknown", {}}};
  EXPECT_EQ(bom::DeclaredExpression(r), "");
  r.license.declared = {{"mit or apache-2.0", {}}};
  EXPECT_EQ(bom::DeclaredExpression(r), "MIT OR Apache-2.0");
}

}  // namespace
}  // namespace openness
