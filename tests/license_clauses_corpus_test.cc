// Corpus suite for the clause detectors: every license and policy text of
// ../shared/corpus/licenses/texts/ (and some packaged texts) against the clauses that
// ../shared/facts/licenses.md says it has, and against the restrictive clauses it must not
// have. Skips when ../shared is absent.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "openness/license_clauses.h"
#include "test_util.h"

namespace openness {
namespace {

// The restrictive clauses: a permissive text has none of them.
const std::vector<std::string> kRestrictive = {"non-commercial",
                                               "research-only",
                                               "user-threshold",
                                               "revenue-threshold",
                                               "attribution-display",
                                               "derivative-naming",
                                               "acceptable-use-policy",
                                               "output-use-restriction",
                                               "field-of-use",
                                               "geographic-exclusion",
                                               "registration",
                                               "no-derivatives",
                                               "no-hosting",
                                               "no-redistribution"};

struct Expectation {
  std::string file;                           ///< relative to corpus/licenses/
  std::vector<std::string> present;           ///< codes that must be found
  std::vector<std::string> absent;            ///< codes that must not be found
  std::map<std::string, std::string> values;  ///< "code.key" -> value of the first hit
};

// From facts/licenses.md: section numbers there name the clauses asserted here.
const std::vector<Expectation>& Expectations() {
  static const std::vector<Expectation> kAll = {
      // Llama: threshold (2), display and naming (1.b.i), policy (1.b.iv), outputs (1.b.v).
      {"texts/llama2-community-license.txt",
       {"user-threshold", "acceptable-use-policy", "output-use-restriction", "license-copy",
        "notice-file"},
       {"non-commercial", "research-only", "attribution-display", "derivative-naming",
        "geographic-exclusion", "revenue-threshold", "registration"},
       {{"user-threshold.monthly_active_users", "700000000"},
        {"output-use-restriction.scope", "any other large language model"}}},
      {"texts/llama3-community-license.txt",
       {"user-threshold", "attribution-display", "derivative-naming", "acceptable-use-policy",
        "output-use-restriction", "field-of-use"},
       {"non-commercial", "research-only", "geographic-exclusion", "revenue-threshold"},
       {{"attribution-display.phrase", "Built with Meta Llama 3"},
        {"derivative-naming.prefix", "Llama 3"},
        {"user-threshold.monthly_active_users", "700000000"}}},
      {"texts/llama3_1-community-license.txt",
       {"user-threshold", "attribution-display", "derivative-naming", "acceptable-use-policy",
        "license-copy", "notice-file"},
       {"non-commercial", "research-only", "output-use-restriction", "geographic-exclusion",
        "revenue-threshold", "registration", "no-hosting"},
       {{"user-threshold.monthly_active_users", "700000000"},
        {"attribution-display.phrase", "Built with Llama"},
        {"derivative-naming.prefix", "Llama"},
        {"acceptable-use-policy.url", "https://llama.meta.com/llama3_1/use-policy"}}},
      {"texts/llama3_2-community-license.txt",
       {"user-threshold", "attribution-display", "derivative-naming", "acceptable-use-policy"},
       {"non-commercial", "output-use-restriction"},
       {{"user-threshold.monthly_active_users", "700000000"},
        {"attribution-display.phrase", "Built with Llama"}}},
      {"texts/llama3_3-community-license.txt",
       {"user-threshold", "attribution-display", "derivative-naming", "acceptable-use-policy"},
       {"non-commercial", "output-use-restriction"},
       {{"user-threshold.monthly_active_users", "700000000"},
        {"derivative-naming.prefix", "Llama"}}},
      {"texts/llama4-community-license.txt",
       {"user-threshold", "attribution-display", "derivative-naming", "acceptable-use-policy"},
       {"non-commercial", "output-use-restriction"},
       {{"user-threshold.monthly_active_users", "700000000"},
        {"attribution-display.phrase", "Built with Llama"}}},
      // AUPs: banned fields everywhere; the EU exclusion for multimodal models from 3.2 on.
      {"texts/llama2-acceptable-use-policy.txt",
       {"field-of-use"},
       {"geographic-exclusion", "non-commercial"},
       {}},
      {"texts/llama3-acceptable-use-policy.txt",
       {"field-of-use"},
       {"geographic-exclusion", "non-commercial"},
       {}},
      {"texts/llama3_1-acceptable-use-policy.txt",
       {"field-of-use"},
       {"geographic-exclusion"},
       {{"field-of-use.field", "malware"}}},
      {"texts/llama3_2-acceptable-use-policy.txt",
       {"field-of-use", "geographic-exclusion"},
       {},
       {{"geographic-exclusion.region", "European Union"},
        {"geographic-exclusion.scope", "multimodal models"}}},
      {"texts/llama3_3-acceptable-use-policy.txt",
       {"field-of-use", "geographic-exclusion"},
       {},
       {{"geographic-exclusion.region", "European Union"}}},
      {"texts/llama4-acceptable-use-policy.txt",
       {"field-of-use", "geographic-exclusion"},
       {},
       {{"geographic-exclusion.region", "European Union"}}},
      {"texts/llama1-license-2023.txt",
       {"non-commercial", "research-only", "field-of-use"},
       {"user-threshold", "attribution-display"},
       {}},
      // Gemma: policy by reference (3.2), pass-through (3.1), distillation is a derivative.
      {"texts/gemma-terms-of-use-2025-03-24.txt",
       {"acceptable-use-policy", "use-restrictions-pass-through", "license-copy", "notice-file",
        "mark-modifications", "outputs-derivative"},
       {"non-commercial", "research-only", "user-threshold", "output-use-restriction",
        "attribution-display", "derivative-naming", "no-hosting"},
       {{"acceptable-use-policy.name", "Prohibited Use Policy"}}},
      {"texts/gemma-prohibited-use-policy-2024-02-21.txt",
       {"field-of-use"},
       {"non-commercial"},
       {}},
      // DeepSeek: OpenRAIL-style, hosting allowed, military use banned.
      {"texts/deepseek-license-1.0.txt",
       {"use-restrictions-pass-through", "license-copy", "mark-modifications", "field-of-use",
        "outputs-derivative"},
       {"non-commercial", "output-use-restriction", "user-threshold", "no-hosting"},
       {{"field-of-use.field", "military"}, {"governing-law.law", "PRC"}}},
      {"texts/deepseek-r1-mit.txt", {"license-copy"}, kRestrictive, {}},
      {"texts/apache-2.0.txt",
       {"license-copy", "mark-modifications", "notice-file"},
       kRestrictive,
       {}},
      {"texts/openmdw-1.0.txt", {"license-copy"}, kRestrictive, {}},
      {"texts/apple-ascl.txt", {}, kRestrictive, {}},
      // Qwen: 100M MAU for commercial use (4), ban on improving other LLMs (5.b).
      {"texts/tongyi-qianwen-license.txt",
       {"user-threshold", "output-use-restriction", "license-copy", "notice-file"},
       {"non-commercial", "research-only"},
       {{"user-threshold.monthly_active_users", "100000000"}}},
      {"texts/tongyi-qianwen-research-license.txt",
       {"non-commercial", "research-only", "output-use-restriction"},
       {"user-threshold"},
       {}},
      // Yi: registration for commercial use; 1.0 is non-commercial.
      {"texts/yi-community-license-2.1.txt",
       {"registration", "field-of-use", "outputs-derivative", "terms-may-change"},
       {"non-commercial", "user-threshold"},
       {{"field-of-use.field", "military"}}},
      {"texts/yi-license-1.0.txt", {"non-commercial", "field-of-use"}, {"registration"}, {}},
      // Stability: registration and US$1M revenue (III), "Powered by Stability AI" (IV.a),
      // updatable AUP and output ban (IV.b).
      {"texts/stability-ai-community-2024-07-05.txt",
       {"registration", "revenue-threshold", "attribution-display", "acceptable-use-policy",
        "output-use-restriction", "license-copy", "notice-file"},
       {"non-commercial", "research-only", "no-hosting", "user-threshold"},
       {{"revenue-threshold.annual_revenue", "1000000"},
        {"revenue-threshold.currency", "USD"},
        {"attribution-display.phrase", "Powered by Stability AI"},
        {"acceptable-use-policy.updatable", "true"}}},
      {"texts/stability-ai-nc-research-community-2023-11-28.txt",
       {"non-commercial", "no-hosting", "acceptable-use-policy", "license-copy", "notice-file"},
       {"registration", "revenue-threshold"},
       {{"acceptable-use-policy.updatable", "true"}}},
      {"texts/stability-ai-nc-community-sv3d-2024-03-18.txt",
       {"non-commercial", "no-hosting", "acceptable-use-policy"},
       {"registration"},
       {}},
      {"texts/stability-ai-svd-nc-community-2023-11-21.txt",
       {"non-commercial", "acceptable-use-policy"},
       {"registration", "no-hosting"},
       {}},
      {"texts/stability-sdxl-0.9-research.txt",
       {"non-commercial", "research-only", "field-of-use"},
       {"user-threshold"},
       {}},
      {"texts/deepfloyd-if-license.txt",
       {"non-commercial", "research-only", "field-of-use"},
       {"user-threshold", "registration"},
       {}},
      // RAIL family: use restrictions that must pass downstream (4.a), no output ban.
      {"texts/creativeml-openrail-m.txt",
       {"use-restrictions", "use-restrictions-pass-through", "license-copy", "mark-modifications",
        "field-of-use"},
       {"non-commercial", "output-use-restriction", "user-threshold", "no-hosting"},
       {}},
      {"texts/creativeml-openrail-pp-m-sdxl.txt",
       {"use-restrictions", "use-restrictions-pass-through", "license-copy"},
       {"non-commercial", "output-use-restriction", "user-threshold"},
       {}},
      {"texts/bigscience-openrail-m.txt",
       {"use-restrictions", "use-restrictions-pass-through", "license-copy", "field-of-use"},
       {"non-commercial", "output-use-restriction", "user-threshold"},
       {}},
      {"texts/bigscience-bloom-rail-1.0.txt",
       {"use-restrictions", "use-restrictions-pass-through", "field-of-use"},
       {"non-commercial", "output-use-restriction"},
       {{"field-of-use.field", "automated-decisions"}}},
      {"texts/bigcode-openrail-m-v1.txt",
       {"use-restrictions", "use-restrictions-pass-through", "license-copy", "mark-modifications"},
       {"non-commercial", "output-use-restriction", "user-threshold"},
       {}},
      // NVIDIA Open Model License: "Built on NVIDIA Cosmos" (3.2), guardrail termination (2.1).
      {"texts/nvidia-open-model-license-2025-10-24.txt",
       {"attribution-display", "license-copy", "notice-file", "termination", "terms-may-change"},
       {"non-commercial", "output-use-restriction", "user-threshold"},
       {{"attribution-display.phrase", "Built on NVIDIA Cosmos"}}},
      {"texts/apple-amlr.txt",
       {"research-only", "non-commercial", "license-copy"},
       {"user-threshold", "output-use-restriction"},
       {}},
      {"texts/cc-by-nc-4.0.txt",
       {"non-commercial"},
       {"research-only", "no-derivatives", "user-threshold", "output-use-restriction",
        "acceptable-use-policy"},
       {}},
      // Packaged texts (the vendor text after an optional packager line).
      {"packaged/MRL-0.1.md",
       {"research-only", "non-commercial", "license-copy", "notice-file"},
       {"user-threshold"},
       {{"governing-law.law", "France"}}},
      {"packaged/MNPL-0.1.md", {"non-commercial", "no-hosting"}, {"user-threshold"}, {}},
      {"packaged/Databricks-Open-Model-License",
       {"user-threshold", "output-use-restriction", "acceptable-use-policy", "notice-file"},
       {"non-commercial"},
       {{"user-threshold.monthly_active_users", "700000000"}}},
      {"packaged/Grok-2-Community-License-Agreement-20251104",
       {"output-use-restriction", "attribution-display", "acceptable-use-policy"},
       {"non-commercial"},
       {{"attribution-display.phrase", "Powered by xAI"}}},
      {"packaged/FLUX-Non-Commercial-License-v2.1",
       {"non-commercial", "output-use-restriction", "field-of-use"},
       {"user-threshold"},
       {}},
      {"packaged/Qwen-RESEARCH-LICENSE-AGREEMENT",
       {"non-commercial", "research-only", "attribution-display"},
       {"user-threshold"},
       {{"attribution-display.phrase", "Built with Qwen"}}},
      {"packaged/MICROSOFT-RESEARCH-LICENSE-TERMS",
       {"non-commercial", "research-only", "no-redistribution", "no-hosting"},
       {},
       {}},
      {"packaged/EXAONE-AI-Model-License-Agreement-1.1-NC",
       {"non-commercial", "research-only", "output-use-restriction", "derivative-naming",
        "terms-may-change"},
       {},
       {{"derivative-naming.prefix", "EXAONE"}}},
      {"packaged/Falcon-2-11B-TII-License-1.0",
       {"acceptable-use-policy", "use-restrictions-pass-through", "attribution-display"},
       {"non-commercial", "output-use-restriction"},
       {{"acceptable-use-policy.updatable", "true"}}},
      {"packaged/OpenMDW-1.1", {"license-copy"}, kRestrictive, {}},
  };
  return kAll;
}

TEST(LicenseClausesCorpusTest, ExpectedClausesPerLicense) {
  SKIP_WITHOUT_SHARED(shared);
  const auto root = shared / "corpus" / "licenses";
  int checked = 0, present_ok = 0, present_total = 0, absent_ok = 0, absent_total = 0;
  for (const Expectation& x : Expectations()) {
    const auto path = root / x.file;
    if (!std::filesystem::exists(path)) {
      ADD_FAILURE() << "missing corpus file " << path;
      continue;
    }
    const std::vector<ClauseHit> hits = DetectClauses(testing::ReadFileOrDie(path));
    ++checked;
    for (const std::string& code : x.present) {
      ++present_total;
      const ClauseHit* h = FindClause(hits, code);
      EXPECT_NE(h, nullptr) << x.file << ": expected " << code;
      if (h == nullptr) continue;
      ++present_ok;
      EXPECT_GT(h->line, 0) << x.file << " " << code;
      EXPECT_LE(h->excerpt.size(), 200u) << x.file << " " << code;
    }
    for (const std::string& code : x.absent) {
      ++absent_total;
      const ClauseHit* h = FindClause(hits, code);
      EXPECT_EQ(h, nullptr) << x.file << ": unexpected " << code << " at line " << (h ? h->line : 0)
                            << ": " << (h ? h->excerpt : "");
      absent_ok += h == nullptr;
    }
    for (const auto& [path_key, want] : x.values) {
      const size_t dot = path_key.find('.');
      const ClauseHit* h = FindClause(hits, path_key.substr(0, dot));
      ASSERT_NE(h, nullptr) << x.file << ": no " << path_key;
      auto it = h->values.find(path_key.substr(dot + 1));
      ASSERT_NE(it, h->values.end()) << x.file << ": no value " << path_key;
      EXPECT_EQ(it->second, want) << x.file << " " << path_key;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(Expectations().size()));
  std::printf(
      "clause corpus: %d texts, expected clauses found %d/%d, forbidden clauses absent %d/%d\n",
      checked, present_ok, present_total, absent_ok, absent_total);
}

// Every text of corpus/licenses/texts/ is covered by an expectation above.
TEST(LicenseClausesCorpusTest, EveryCorpusTextHasAnExpectation) {
  SKIP_WITHOUT_SHARED(shared);
  std::set<std::string> covered;
  for (const Expectation& x : Expectations()) covered.insert(x.file);
  for (const auto& entry :
       std::filesystem::directory_iterator(shared / "corpus" / "licenses" / "texts")) {
    const std::string rel = "texts/" + entry.path().filename().string();
    EXPECT_TRUE(covered.count(rel)) << rel << " has no clause expectation";
  }
}

// The detectors never claim a restrictive clause in prose that has no license text: model cards
// of the corpus with their license sections removed are read like a custom license would be.
TEST(LicenseClausesCorpusTest, NoRestrictiveClausesInPlainProse) {
  const std::string prose =
      "# Tiny model\n\nThis model was fine-tuned on public web text for summarisation. It runs on "
      "a laptop and answers in English. We evaluated it on news articles and found it useful for "
      "research and for commercial prototypes alike.\n\n## Training\n\nWe trained for three "
      "epochs with a learning rate of 2e-5 on 8 GPUs.\n";
  const std::vector<ClauseHit> hits = DetectClauses(prose);
  for (const std::string& code : kRestrictive) {
    EXPECT_EQ(FindClause(hits, code), nullptr) << code;
  }
}

}  // namespace
}  // namespace openness
