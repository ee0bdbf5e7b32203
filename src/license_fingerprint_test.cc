#include "openness/license_fingerprint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "embedded_data.h"

namespace openness {
namespace {

TEST(LicenseFingerprintTest, ComputesTokensHashesBigramsAndSentences) {
  LicenseFingerprint fp;
  ComputeLicenseFingerprint("One two one two. Three!", &fp);
  EXPECT_EQ(fp.tokens, 5u);
  EXPECT_EQ(fp.bigram_total(), 4u);
  // one-two twice, two-one once, two-three once.
  ASSERT_EQ(fp.bigrams.size(), 3u);
  uint32_t twice = 0;
  for (const auto& [h, c] : fp.bigrams) twice += c == 2 ? 1 : 0;
  EXPECT_EQ(twice, 1u);
  EXPECT_TRUE(std::is_sorted(fp.bigrams.begin(), fp.bigrams.end()));
  EXPECT_EQ(fp.sentences.size(), 2u);
}

TEST(LicenseFingerprintTest, TsvRoundTrip) {
  LicenseFingerprint a;
  a.key = "llama3.1";
  a.version = "2024-07-23";
  a.document = LicenseDocument::kAcceptableUsePolicy;
  a.name = "A policy";
  a.source = "texts/x.txt";
  a.from_line = 3;
  a.to_line = 9;
  a.markers = {"llama 3.1", "built with"};
  ComputeLicenseFingerprint("Some words of a policy. More words follow here.", &a);
  const std::string tsv = LicenseFingerprintsToTsv({a}, {"comment", ""});
  EXPECT_TRUE(tsv.starts_with("# comment\n#\nkey\tversion\t"));
  std::vector<LicenseFingerprint> out;
  std::string err;
  ASSERT_TRUE(ParseLicenseFingerprints(tsv, &out, &err)) << err;
  ASSERT_EQ(out.size(), 1u);
  const LicenseFingerprint& b = out[0];
  EXPECT_EQ(b.key, a.key);
  EXPECT_EQ(b.version, a.version);
  EXPECT_EQ(b.document, a.document);
  EXPECT_EQ(b.from_line, 3);
  EXPECT_EQ(b.to_line, 9);
  EXPECT_EQ(b.markers, a.markers);
  EXPECT_EQ(b.tokens, a.tokens);
  EXPECT_EQ(b.exact_hash, a.exact_hash);
  EXPECT_EQ(b.bigrams, a.bigrams);
  EXPECT_EQ(b.sentences, a.sentences);
}

TEST(LicenseFingerprintTest, ManifestRowsWithoutComputedColumnsParse) {
  const std::string tsv =
      "key\tversion\tdocument\tname\tsource\tlines\tmarkers\ttokens\texact\tbigrams\tsentences\n"
      "mit\t\tlicense\tMIT\ttexts/mit.txt\t1\t\n";
  std::vector<LicenseFingerprint> out;
  std::string err;
  ASSERT_TRUE(ParseLicenseFingerprints(tsv, &out, &err)) << err;
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].bigrams.empty());
}

TEST(LicenseFingerprintTest, MalformedRowsAreRejectedWithTheirLine) {
  const std::string header =
      "key\tversion\tdocument\tname\tsource\tlines\tmarkers\ttokens\texact\tbigrams\tsentences\n";
  std::vector<LicenseFingerprint> out;
  std::string err;
  EXPECT_FALSE(ParseLicenseFingerprints("key\tversion\n", &out, &err));
  EXPECT_FALSE(ParseLicenseFingerprints(header + "x\t\tpolicy\tn\ts\t1\t\n", &out, &err));
  EXPECT_EQ(err, "line 2: document must be license or acceptable-use-policy");
  EXPECT_FALSE(ParseLicenseFingerprints(header + "x\t\tlicense\tn\ts\t5-2\t\n", &out, &err));
  EXPECT_FALSE(
      ParseLicenseFingerprints(header + "x\t\tlicense\tn\ts\t1\t\t3\tzz\t\t\n", &out, &err));
  EXPECT_FALSE(
      ParseLicenseFingerprints(header + "x\t\tlicense\tn\ts\t1\t\t3\t0\t!!\t\n", &out, &err));
  EXPECT_FALSE(ParseLicenseFingerprints("", &out, &err));
}

// The committed data file parses, every row is computed, and keys are unique per version and
// document.
TEST(LicenseFingerprintTest, CommittedDataFileIsComplete) {
  std::vector<LicenseFingerprint> fps;
  std::string err;
  ASSERT_TRUE(ParseLicenseFingerprints(EmbeddedData("license-fingerprints.tsv"), &fps, &err))
      << err;
  ASSERT_GT(fps.size(), 60u);
  std::set<std::tuple<std::string, std::string, LicenseDocument, std::string>> seen;
  for (const LicenseFingerprint& fp : fps) {
    EXPECT_GT(fp.tokens, 10u) << fp.key << " " << fp.source;
    EXPECT_FALSE(fp.bigrams.empty()) << fp.key;
    EXPECT_FALSE(fp.sentences.empty()) << fp.key;
    EXPECT_EQ(fp.bigram_total() + 1, fp.tokens) << fp.key;
    EXPECT_TRUE(seen.insert({fp.key, fp.version, fp.document, fp.name}).second)
        << "duplicate row " << fp.key << " " << fp.version;
  }
}

}  // namespace
}  // namespace openness
