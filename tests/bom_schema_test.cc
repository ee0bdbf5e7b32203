// Every CycloneDX BOM the tests can make validates against the official CycloneDX 1.6 JSON
// schema: the schema files of the npm package @cyclonedx/cyclonedx-library (res/schema/), checked
// with ajv by tests/validate_cyclonedx.js. scripts/setup.sh installs node and the packages into
// third_party/npm/cyclonedx/; without them the tests skip and say so (CI has them).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "bom_fixtures.h"  // and test_util.h (whose second half has no include guard)
#include "openness/bom.h"
#include "openness/license_keys.h"

namespace openness {
namespace {

using ::openness::testing::ScanForBom;
using ::openness::testing::TempDir;
namespace fs = std::filesystem;

fs::path NodeModules() {
  return testing::SourceDir() / "third_party" / "npm" / "cyclonedx" / "node_modules";
}
fs::path SchemaDir() {
  return NodeModules() / "@cyclonedx" / "cyclonedx-library" / "res" / "schema";
}

// Why validation cannot run here, or "" when it can.
std::string MissingTools() {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    return "node is not installed (scripts/setup.sh installs nodejs)";
  }
  for (const fs::path& p : {SchemaDir() / "bom-1.6.SNAPSHOT.schema.json", NodeModules() / "ajv",
                            NodeModules() / "ajv-formats"}) {
    if (!fs::exists(p)) return p.string() + " is missing (scripts/setup.sh installs it)";
  }
  return "";
}

// Runs the validator on the files; returns its exit status and fills its output.
int Validate(const std::vector<fs::path>& files, std::string* output) {
  TempDir tmp;
  const fs::path log = tmp.path() / "log";
  std::string cmd = "node '" + (testing::SourceDir() / "tests" / "validate_cyclonedx.js").string() +
                    "' '" + NodeModules().string() + "'";
  for (const fs::path& f : files) cmd += " '" + f.string() + "'";
  cmd += " >'" + log.string() + "' 2>&1";
  const int raw = std::system(cmd.c_str());
  *output = testing::ReadFileOrDie(log);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

fs::path WriteBom(const TempDir& out, const std::string& name, const Report& r,
                  const BomOptions& options = {}) {
  std::string text;
  Status s = RenderBom(r, BomFormat::kCycloneDx, options, &text);
  EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
  return out.Write(name + ".cdx.json", text);
}

TEST(BomSchemaTest, EveryCycloneDxBomValidates) {
  if (const std::string missing = MissingTools(); !missing.empty()) {
    GTEST_SKIP() << "CycloneDX schema validation skipped: " << missing;
  }
  TempDir out;
  std::vector<fs::path> boms;
  const std::string example = (testing::SourceDir() / "examples" / "tiny-release").string();
  boms.push_back(WriteBom(out, "example", ScanForBom(example)));
  boms.push_back(WriteBom(out, "example-hashed", ScanForBom(example, /*hash=*/true)));
  BomOptions timed;
  timed.timestamp = "2025-03-04T05:06:07Z";
  boms.push_back(WriteBom(out, "example-timed", ScanForBom(example), timed));

  TempDir rich, restricted, gguf;
  testing::WriteRichRelease(rich);
  testing::WriteRestrictedRelease(restricted);
  boms.push_back(WriteBom(out, "rich", ScanForBom(rich.path().string(), /*hash=*/true)));
  boms.push_back(WriteBom(out, "restricted", ScanForBom(restricted.path().string())));
  boms.push_back(WriteBom(out, "gguf", ScanForBom(testing::WriteGgufRelease(gguf), true)));

  // A Hub subject with a chain of bases and odd characters in card text and links.
  Report hub = Report::Empty();
  hub.subject.source = "hub";
  hub.subject.id = "org/model";
  hub.subject.revision = "0123456789abcdef0123456789abcdef01234567";
  LineageEntry base;
  base.id = "org/base";
  base.license = "gemma";
  LineageEntry grand;
  grand.id = "google/gemma-2b";
  grand.child = "org/base";
  hub.lineage = {base, grand};
  hub.model.links.push_back({"paper", "https://example.org/a paper {draft}.pdf", {}});
  hub.model.eval_results.push_back({"qa", "squad", "", "exact match", "81.2 ± 0.3", {}});
  hub.model.limitations = CardPassage{"Quotes \"like this\" and \u00e9t\u00e9.", {}};
  boms.push_back(WriteBom(out, "hub-chain", hub));
  // The same under a license outside the SPDX list: its text is the release's own license file
  // on the Hub (a license url and a license external reference).
  hub.license.effective = {EffectiveLicense{"qwen", "Qwen License", "", false, false, {}}};
  DetectedLicense shipped;
  shipped.key = "qwen";
  shipped.evidence = Evidence::InFile("LICENSE", 1);
  hub.license.detected = {shipped};
  boms.push_back(WriteBom(out, "hub-named-license", hub));

  // The command line's own output.
  std::string cli, err;
  ASSERT_EQ(testing::RunOpenness("bom '" + example + "' --hash", &cli, &err), 0) << err;
  boms.push_back(out.Write("cli.cdx.json", cli));

  // The real model folders of the shared corpus, when it is there.
  if (const auto shared = testing::SharedDir()) {
    const fs::path models = *shared / "corpus" / "formats" / "local_models";
    std::set<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(models)) {
      if (e.is_directory()) dirs.insert(e.path());
    }
    for (const fs::path& d : dirs) {
      boms.push_back(WriteBom(out, "corpus-" + d.filename().string(), ScanForBom(d.string())));
    }
  }

  std::string output;
  EXPECT_EQ(Validate(boms, &output), 0) << output;
  size_t ok = 0;
  for (size_t at = 0; (at = output.find("ok ", at)) != std::string::npos; ++at) ++ok;
  EXPECT_EQ(ok, boms.size()) << output;
}

// The validator must reject what the schema rejects, or its passing means nothing.
TEST(BomSchemaTest, ValidatorRejectsInvalidBoms) {
  if (const std::string missing = MissingTools(); !missing.empty()) {
    GTEST_SKIP() << "CycloneDX schema validation skipped: " << missing;
  }
  TempDir out;
  std::string good;
  ASSERT_OK(RenderBom(ScanForBom((testing::SourceDir() / "examples" / "tiny-release").string()),
                      BomFormat::kCycloneDx, {}, &good));
  nlohmann::json bad_type = nlohmann::json::parse(good);
  bad_type["metadata"]["component"]["type"] = "ml-model";
  nlohmann::json bad_license = nlohmann::json::parse(good);
  bad_license["metadata"]["component"]["licenses"][0]["license"]["id"] = "Not-A-License-Id";
  nlohmann::json bad_hash = nlohmann::json::parse(good);
  bad_hash["metadata"]["component"]["components"][0]["hashes"] =
      nlohmann::json::array({{{"alg", "SHA-256"}, {"content", "xyz"}}});
  for (const auto& [name, doc] : {std::pair{"type", bad_type}, std::pair{"license", bad_license},
                                  std::pair{"hash", bad_hash}}) {
    std::string output;
    EXPECT_EQ(Validate({out.Write(std::string(name) + ".json", doc.dump())}, &output), 1)
        << name << " was accepted:\n"
        << output;
  }
}

// Every SPDX id our license table can put into a BOM is on the schema's list (CycloneDX
// rejects license.id values outside it).
TEST(BomSchemaTest, LicenseTableSpdxIdsAreOnTheSchemaList) {
  if (!fs::exists(SchemaDir() / "spdx.SNAPSHOT.schema.json")) {
    GTEST_SKIP() << "the CycloneDX schemas are not installed (scripts/setup.sh)";
  }
  const nlohmann::json spdx =
      nlohmann::json::parse(testing::ReadFileOrDie(SchemaDir() / "spdx.SNAPSHOT.schema.json"));
  const std::set<std::string> ids(spdx["enum"].begin(), spdx["enum"].end());
  ASSERT_GT(ids.size(), 500u);
  for (const LicenseKey& k : LicenseTable::Builtin().entries()) {
    if (!k.spdx.empty()) {
      EXPECT_TRUE(ids.count(k.spdx)) << k.key << " -> " << k.spdx;
    }
  }
}

}  // namespace
}  // namespace openness
