// Golden BOMs (tests/golden/bom-*.json), compared byte for byte: the BOMs are deterministic, so
// any difference is a change. Run with OPENNESS_UPDATE_GOLDEN=1 to rewrite them after an intended
// change, then review the diff. Also the command line: `openness bom` twice gives the same bytes,
// --timestamp records a time, `scan --hash` fills weights.files[].sha256.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "bom_fixtures.h"  // and test_util.h (whose second half has no include guard)
#include "openness/bom.h"
#include "openness/hashing.h"
#include "spdx3_checks.h"

namespace openness {
namespace {

using ::openness::testing::ScanForBom;
using ::openness::testing::TempDir;
using Json = nlohmann::json;

void ExpectGoldenBom(const Report& r, BomFormat format, const std::string& name) {
  std::string text;
  ASSERT_OK(RenderBom(r, format, {}, &text));
  const auto path = testing::SourceDir() / "tests" / "golden" / ("bom-" + name + ".json");
  if (std::getenv("OPENNESS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << text;
    return;
  }
  const std::string expected = testing::ReadFileOrDie(path);
  if (text == expected) return;
  const Json a = Json::parse(expected, nullptr, false), b = Json::parse(text);
  ADD_FAILURE() << path << " differs (RFC 6902 patch from expected to actual):\n"
                << (a.is_discarded() ? std::string("<expected is not JSON>")
                                     : Json::diff(a, b).dump(2))
                << "\nrerun with OPENNESS_UPDATE_GOLDEN=1 if the change is intended";
}

TEST(BomGoldenTest, BundledExample) {
  const Report r = ScanForBom((testing::SourceDir() / "examples" / "tiny-release").string());
  ExpectGoldenBom(r, BomFormat::kCycloneDx, "tiny-release-cyclonedx");
  ExpectGoldenBom(r, BomFormat::kSpdx3, "tiny-release-spdx3");
}

TEST(BomGoldenTest, RichRelease) {
  TempDir dir;
  testing::WriteRichRelease(dir);
  Report r = ScanForBom(dir.path().string(), /*hash=*/true);
  r.subject.id = "rich-release";  // not the temporary folder's random name
  // Independent of the golden files: the hash is the file's.
  ASSERT_EQ(r.weights.files.size(), 1u);
  EXPECT_EQ(r.weights.files[0].sha256,
            Sha256Hex(testing::ReadFileOrDie(dir.path() / "model.safetensors")));
  ExpectGoldenBom(r, BomFormat::kCycloneDx, "rich-release-cyclonedx");
  ExpectGoldenBom(r, BomFormat::kSpdx3, "rich-release-spdx3");
}

TEST(BomGoldenTest, RestrictedFinetune) {
  TempDir dir;
  testing::WriteRestrictedRelease(dir);
  Report r = ScanForBom(dir.path().string());
  r.subject.id = "restricted-finetune";
  // Independent of the golden files: the card has no license_link, yet the named license points
  // at a text (CycloneDX url, SPDX customIdToUri) and at the LICENSE file the release ships.
  std::string cdx, spdx;
  ASSERT_OK(RenderBom(r, BomFormat::kCycloneDx, {}, &cdx));
  const Json license = Json::parse(cdx)["metadata"]["component"]["licenses"][0]["license"];
  EXPECT_TRUE(license.value("url", "").starts_with("https://")) << license.dump(2);
  EXPECT_NE(license.dump().find(R"({"name":"openness:license-file","value":"LICENSE"})"),
            std::string::npos)
      << license.dump(2);
  ASSERT_OK(RenderBom(r, BomFormat::kSpdx3, {}, &spdx));
  bool mapped = false;
  const Json doc = Json::parse(spdx);
  for (const Json& node : doc["@graph"]) {
    if (node["type"] != "simplelicensing_LicenseExpression") continue;
    for (const Json& e : node.value("simplelicensing_customIdToUri", Json::array())) {
      mapped |= e["key"] == "LicenseRef-openness-llama3.1" &&
                e["value"].get<std::string>().starts_with("https://");
    }
  }
  EXPECT_TRUE(mapped) << spdx;
  ExpectGoldenBom(r, BomFormat::kCycloneDx, "restricted-finetune-cyclonedx");
  ExpectGoldenBom(r, BomFormat::kSpdx3, "restricted-finetune-spdx3");
}

TEST(BomCliTest, SameReleaseSameBytes) {
  const std::string example = (testing::SourceDir() / "examples" / "tiny-release").string();
  for (const char* format : {"cyclonedx", "spdx3"}) {
    std::string a, b, err;
    ASSERT_EQ(testing::RunOpenness("bom '" + example + "' --hash --format " + format, &a, &err), 0)
        << err;
    ASSERT_EQ(testing::RunOpenness("bom '" + example + "' --hash --format " + format, &b, &err), 0)
        << err;
    EXPECT_EQ(a, b) << format;
    EXPECT_NE(a.find(Sha256Hex(testing::ReadFileOrDie(testing::SourceDir() / "examples" /
                                                      "tiny-release" / "model.safetensors"))),
              std::string::npos)
        << format << ": the weights hash is missing";
  }
}

TEST(BomCliTest, TimestampAndOutputFile) {
  const std::string example = (testing::SourceDir() / "examples" / "tiny-release").string();
  TempDir tmp;
  const std::string file = (tmp.path() / "bom.spdx.json").string();
  std::string out, err;
  ASSERT_EQ(testing::RunOpenness("bom '" + example + "' -f spdx3 -o '" + file + "'", &out, &err), 0)
      << err;
  EXPECT_TRUE(out.empty());
  const Json spdx = Json::parse(testing::ReadFileOrDie(file));
  EXPECT_EQ(testing::Spdx3Violations(spdx), std::vector<std::string>{});

  // RunOpenness passes the environment on: SOURCE_DATE_EPOCH fixes the recorded time.
  ASSERT_EQ(setenv("SOURCE_DATE_EPOCH", "1700000000", 1), 0);
  const int status = testing::RunOpenness("bom '" + example + "' --timestamp", &out, &err);
  unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_EQ(status, 0) << err;
  EXPECT_EQ(Json::parse(out)["metadata"]["timestamp"], "2023-11-14T22:13:20Z");

  EXPECT_EQ(testing::RunOpenness("bom '" + example + "' --format spdx", &out, &err), 64);
  EXPECT_EQ(testing::RunOpenness("bom /nonexistent/release", &out, &err), 2);
}

TEST(BomCliTest, ScanHashFillsTheContractField) {
  const std::string example = (testing::SourceDir() / "examples" / "tiny-release").string();
  std::string plain, hashed, err;
  ASSERT_EQ(testing::RunOpenness("scan '" + example + "' --format json", &plain, &err), 0) << err;
  ASSERT_EQ(testing::RunOpenness("scan '" + example + "' --format json --hash", &hashed, &err), 0)
      << err;
  EXPECT_TRUE(Json::parse(plain)["weights"]["files"][0]["sha256"].is_null());
  EXPECT_EQ(Json::parse(hashed)["weights"]["files"][0]["sha256"],
            Sha256Hex(testing::ReadFileOrDie(testing::SourceDir() / "examples" / "tiny-release" /
                                             "model.safetensors")));
}

}  // namespace
}  // namespace openness
