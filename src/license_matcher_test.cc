#include "openness/license_matcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "license_index.h"
#include "test_util.h"

namespace openness {
namespace {

// Invented reference texts (our own words), long enough to behave like licenses.
std::string Paragraphs(std::string_view name, std::string_view topic, int n) {
  std::string out = std::string(name) + "\n\n";
  const char* verbs[] = {"use", "copy", "share", "study", "adapt", "host", "publish", "sell"};
  const char* things[] = {"weights", "outputs", "documentation", "derivatives", "samples", "code"};
  for (int i = 0; i < n; ++i) {
    out += std::to_string(i + 1) + ". The " + std::string(topic) + " lets the holder " +
           verbs[i % 8] + " the " + things[(i * 5) % 6] + " of paragraph " +
           std::to_string(i * 7 + 3) + " only when notice " + std::to_string(i) +
           " travels with every copy, and never for purpose " + std::to_string(i * 13 % 17) +
           ".\nEach party keeps record " + std::to_string(i * 3) + " for audit " +
           verbs[(i + 3) % 8] + " under rule " + std::to_string(i + 100) + ".\n";
  }
  return out;
}

// A policy in a different voice: a list of prohibited activities.
std::string Policy(std::string_view name, int n) {
  std::string out = std::string(name) + "\n\nYou agree not to employ the system for:\n";
  const char* acts[] = {"tracking", "impersonating", "spamming", "defrauding", "stalking",
                        "phishing", "scraping"};
  const char* groups[] = {"minors", "voters", "patients", "tenants", "workers"};
  for (int i = 0; i < n; ++i) {
    out += "- " + std::string(acts[i % 7]) + " " + groups[(i * 3) % 5] + " in region " +
           std::to_string(i * 11 + 5) + " without consent form " + std::to_string(i * 2 + 9) +
           ";\n";
  }
  return out + "Report violations to the abuse desk at once.\n";
}

struct TestRef {
  std::string key, version, text;
  LicenseDocument document = LicenseDocument::kLicense;
  std::vector<std::string> markers;
};

LicenseMatcher MakeMatcher(const std::vector<TestRef>& refs) {
  std::vector<LicenseIndexEntry> entries;
  for (const TestRef& r : refs) {
    LicenseIndexEntry e;
    e.key = r.key;
    e.name = "Test " + r.key;
    e.version = r.version;
    e.document = r.document;
    e.markers = r.markers;
    ComputeLicenseFingerprint(r.text, &e.fingerprint);
    entries.push_back(std::move(e));
  }
  auto m = LicenseMatcher::FromBlob(BuildLicenseIndex(entries));
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(m).value() : LicenseMatcher();
}

class LicenseMatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alpha_ = Paragraphs("ALPHA MODEL LICENSE", "alpha grant", 30);
    beta_ = Paragraphs("BETA DATA TERMS", "beta permission", 25);
    policy_ = Policy("ALPHA ACCEPTABLE USE POLICY", 20);
    v1_ = Paragraphs("GAMMA LICENSE VERSION 1", "gamma grant", 20);
    v2_ = v1_;
    v2_.replace(v2_.find("VERSION 1"), 9, "VERSION 2");
    v2_.replace(v2_.find("paragraph 10 "), 13, "paragraph 11 ");
    matcher_ =
        MakeMatcher({{"alpha", "1.0", alpha_, LicenseDocument::kLicense, {}},
                     {"beta", "", beta_, LicenseDocument::kLicense, {}},
                     {"alpha", "1.0", policy_, LicenseDocument::kAcceptableUsePolicy, {}},
                     {"gamma", "1", v1_, LicenseDocument::kLicense, {"gamma license version 1"}},
                     {"gamma", "2", v2_, LicenseDocument::kLicense, {"gamma license version 2"}}});
  }
  std::string alpha_, beta_, policy_, v1_, v2_;
  LicenseMatcher matcher_;
};

TEST_F(LicenseMatcherTest, ExactTextIsFoundByTheHashFastPath) {
  auto m = matcher_.Match(alpha_);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "alpha");
  EXPECT_TRUE(m[0].exact);
  EXPECT_EQ(m[0].confidence, 1.0);
  EXPECT_EQ(m[0].start_line, 1);
  EXPECT_EQ(m[0].document, LicenseDocument::kLicense);
  EXPECT_TRUE(m[0].differences.empty());
}

TEST_F(LicenseMatcherTest, ReformattedCopyIsStillExact) {
  // Paragraph lines joined, list items indented, the title in bold, CRLF line ends.
  std::string t = "**" + alpha_.substr(0, alpha_.find('\n')) + "**";
  for (size_t i = alpha_.find('\n'); i < alpha_.size(); ++i) {
    const char c = alpha_[i];
    if (c == '\n' && i + 1 < alpha_.size() && !std::isdigit(static_cast<unsigned char>(alpha_[i + 1]))) {
      t += " ";
    } else if (c == '\n') {
      t += "\r\n    ";
    } else {
      t += c;
    }
  }
  auto m = matcher_.Match(t);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "alpha");
  EXPECT_TRUE(m[0].exact);
}

TEST_F(LicenseMatcherTest, AddedClauseIsReportedWithItsLine) {
  std::string t = alpha_;
  const size_t at = t.find("11. ");
  t.insert(at, "The holder must also paint every server purple before running the weights.\n");
  const int line =
      1 + static_cast<int>(std::count(t.begin(), t.begin() + static_cast<long>(at), '\n'));
  auto m = matcher_.Match(t);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "alpha");
  EXPECT_FALSE(m[0].exact);
  EXPECT_GT(m[0].confidence, 0.95);
  EXPECT_LT(m[0].confidence, 1.0);
  ASSERT_EQ(m[0].differences.size(), 1u);
  EXPECT_EQ(m[0].differences[0].kind, LicenseDifference::Kind::kAdded);
  EXPECT_EQ(m[0].differences[0].line, line);
  EXPECT_EQ(m[0].Describe(), "Test alpha (1.0) with added text at line " + std::to_string(line));
}

TEST_F(LicenseMatcherTest, RemovedAndChangedTextAreReported) {
  std::string t = alpha_;
  const size_t a = t.find("5. The");
  const size_t b = t.find("6. The");
  t.erase(a, b - a);  // paragraph 5 gone
  t.replace(t.find("rule 120"), 8, "rule 999");
  auto m = matcher_.Match(t);
  ASSERT_EQ(m.size(), 1u);
  std::vector<LicenseDifference::Kind> kinds;
  for (const auto& d : m[0].differences) kinds.push_back(d.kind);
  EXPECT_EQ(kinds, (std::vector<LicenseDifference::Kind>{LicenseDifference::Kind::kRemoved,
                                                         LicenseDifference::Kind::kChanged}));
  EXPECT_NE(m[0].differences[0].text.find("missing before line"), std::string::npos);
  EXPECT_TRUE(m[0].differences[1].changes_a_number);  // rule 120 became rule 999
}

TEST_F(LicenseMatcherTest, ARewordingWithoutNumbersDoesNotChangeANumber) {
  std::string t = alpha_;
  t.replace(t.find("keeps record 21"), 15, "retains record 21");
  auto m = matcher_.Match(t);
  ASSERT_EQ(m.size(), 1u);
  ASSERT_EQ(m[0].differences.size(), 1u);
  EXPECT_EQ(m[0].differences[0].kind, LicenseDifference::Kind::kChanged);
  EXPECT_FALSE(m[0].differences[0].changes_a_number);
}

TEST_F(LicenseMatcherTest, LicenseAndPolicyInOneFileAreBothFound) {
  const std::string t = "Preface written by the publisher.\n\n" + alpha_ + "\n" + policy_;
  auto m = matcher_.Match(t);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].document, LicenseDocument::kLicense);
  EXPECT_TRUE(m[0].exact);
  EXPECT_EQ(m[0].start_line, 3);
  EXPECT_EQ(m[1].document, LicenseDocument::kAcceptableUsePolicy);
  EXPECT_TRUE(m[1].exact);
  EXPECT_GT(m[1].start_line, m[0].end_line);
}

TEST_F(LicenseMatcherTest, DualLicensingFindsBoth) {
  auto m = matcher_.Match(beta_ + "\n\n---\n\n" + alpha_);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].key, "beta");
  EXPECT_EQ(m[1].key, "alpha");
}

TEST_F(LicenseMatcherTest, EmbeddedInACardIsLocalised) {
  std::string card = "# Model card\n\nThis model writes poems about rivers and mountains.\n";
  for (int i = 0; i < 20; ++i) card += "Evaluation row " + std::to_string(i) + " scored well.\n";
  const int start = 1 + static_cast<int>(std::count(card.begin(), card.end(), '\n'));
  card += beta_;
  const int end = static_cast<int>(std::count(card.begin(), card.end(), '\n'));
  card += "\n## Citation\n\nPlease cite our report from last spring.\n";
  auto m = matcher_.Match(card);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "beta");
  EXPECT_EQ(m[0].start_line, start);
  EXPECT_EQ(m[0].end_line, end);
}

TEST_F(LicenseMatcherTest, VersionsAreToldApart) {
  auto m1 = matcher_.Match(v1_);
  auto m2 = matcher_.Match(v2_);
  ASSERT_EQ(m1.size(), 1u);
  ASSERT_EQ(m2.size(), 1u);
  EXPECT_EQ(m1[0].version, "1");
  EXPECT_EQ(m2[0].version, "2");
  // A partial copy: the markers decide between near ties.
  std::string part = v2_.substr(0, v2_.size() / 2);
  auto mp = matcher_.Match(part + "\n" + part.substr(part.find("\n\n")));
  ASSERT_FALSE(mp.empty());
  EXPECT_EQ(mp[0].version, "2");
}

TEST_F(LicenseMatcherTest, ProseAndShortTextsMatchNothing) {
  EXPECT_TRUE(matcher_.Match("").empty());
  EXPECT_TRUE(matcher_.Match("license").empty());
  EXPECT_TRUE(matcher_
                  .Match("This model is released under the alpha grant. The holder may use the "
                         "weights. See the LICENSE file for details.")
                  .empty());
  auto closest = matcher_.Closest("The alpha grant lets the holder use the weights.");
  ASSERT_TRUE(closest.has_value());
  EXPECT_LT(closest->confidence, 0.5);
}

TEST_F(LicenseMatcherTest, TokenLimitBoundsTheWork) {
  std::string big;
  for (int i = 0; i < 40; ++i) big += beta_;
  LicenseMatchOptions opt;
  opt.max_tokens = 5000;
  opt.max_matches = 3;
  auto m = matcher_.Match(big, opt);
  EXPECT_LE(m.size(), 3u);
  for (const auto& x : m) EXPECT_EQ(x.key, "beta");
}

TEST(LicenseMatcherBuiltinTest, IndexLoadsAndKnowsTheAiLicenses) {
  const LicenseMatcher& m = LicenseMatcher::Builtin();
  ASSERT_GT(m.size(), 60u);
  bool llama31 = false, aup = false;
  for (const auto& r : m.References()) {
    llama31 = llama31 || (r.key == "llama3.1" && r.document == LicenseDocument::kLicense);
    aup = aup || (r.key == "llama3.1" && r.document == LicenseDocument::kAcceptableUsePolicy);
  }
  EXPECT_TRUE(llama31);
  EXPECT_TRUE(aup);
}

TEST(LicenseMatcherBuiltinTest, TheExampleMitLicenseIsMit) {
  const std::string text =
      testing::ReadFileOrDie(testing::SourceDir() / "examples" / "tiny-release" / "LICENSE");
  auto m = LicenseMatcher::Builtin().Match(text);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "mit");
  EXPECT_GT(m[0].confidence, 0.95);
  // Typical identification stays well under a millisecond once loaded (generous bound for
  // sanitizer builds and busy machines; bench/license_bench.cc measures it properly).
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) (void)LicenseMatcher::Builtin().Match(text);
  const auto per = (std::chrono::steady_clock::now() - t0) / 10;
  EXPECT_LT(std::chrono::duration_cast<std::chrono::milliseconds>(per).count(), 50);
}

TEST(LicenseMatcherBuiltinTest, BrokenBlobsAreRejected) {
  EXPECT_FALSE(LicenseMatcher::FromBlob("").ok());
  EXPECT_FALSE(LicenseMatcher::FromBlob("OPNLIX02 too short").ok());
  std::string blob = BuildLicenseIndex({});
  EXPECT_TRUE(LicenseMatcher::FromBlob(blob).ok());
  blob.push_back('x');
  EXPECT_FALSE(LicenseMatcher::FromBlob(blob).ok());
}

}  // namespace
}  // namespace openness
