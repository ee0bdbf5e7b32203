// IdentifyLicenses: declarations, texts, and their reconciliation into license.effective.
#include <gtest/gtest.h>

#include "openness/assessment.h"
#include "openness/model_card.h"
#include "test_util.h"

namespace openness {
namespace {

std::string MitText() {
  return testing::ReadFileOrDie(testing::SourceDir() / "examples" / "tiny-release" / "LICENSE");
}

struct Release {
  std::string card;
  std::vector<std::pair<std::string, std::string>> files;  // path, text
  std::vector<std::pair<std::string, std::string>> gguf;   // key, value
};

Report Identify(const Release& r) {
  ReleaseEvidence ev;
  if (!r.card.empty()) {
    ModelCard card;
    card.file = "README.md";
    EXPECT_TRUE(ParseModelCard(r.card, DefaultLimits(), &card).ok());
    ev.card = std::move(card);
  }
  for (const auto& [path, text] : r.files) {
    ev.texts.push_back({path, ClassifyFile(path), text, false});
  }
  if (!r.gguf.empty()) {
    WeightsHeader w;
    w.path = "model.gguf";
    w.format = "gguf";
    GgufFile g;
    for (const auto& [k, v] : r.gguf) {
      GgufKeyValue kv;
      kv.key = k;
      kv.value.type = GgufType::kString;
      kv.value.text = v;
      g.metadata.push_back(kv);
    }
    w.gguf = std::move(g);
    ev.weights.push_back(std::move(w));
  }
  Report report = Report::Empty();
  IdentifyLicenses(ev, LicenseTable::Builtin(), &report);
  return report;
}

std::vector<std::string> EffectiveKeys(const Report& r) {
  std::vector<std::string> out;
  for (const EffectiveLicense& e : r.license.effective) out.push_back(e.key);
  return out;
}

const Finding* FindingWith(const Report& r, std::string_view code) {
  for (const Finding& f : r.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

using Keys = std::vector<std::string>;

TEST(LicenseIdentificationTest, SpdxExpressionOrTakesTheMoreOpenChoice) {
  Report r = Identify({"---\nlicense: llama3.1 OR mit\n---\n# m\n", {}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  EXPECT_EQ(FindingWith(r, "license-contradiction"), nullptr);
  Report a = Identify({"---\nlicense: apache-2.0 AND cc-by-4.0\n---\n# m\n", {}, {}});
  EXPECT_EQ(EffectiveKeys(a), (Keys{"apache-2.0", "cc-by-4.0"}));
  EXPECT_EQ(FindingWith(a, "license-contradiction"), nullptr);
}

TEST(LicenseIdentificationTest, SloppyNamesAndLicenseNameBehindOther) {
  EXPECT_EQ(EffectiveKeys(Identify({"---\nlicense: Apache 2.0\n---\n", {}, {}})),
            Keys{"apache-2.0"});
  Report r = Identify(
      {"---\nlicense: other\nlicense_name: Llama3.1 Community License Agreement\n---\n", {}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"llama3.1"});
}

TEST(LicenseIdentificationTest, LicenseLinksAreMappedByUrlPattern) {
  Report r =
      Identify({"---\nlicense: other\nlicense_name: gemma-terms\nlicense_link: "
                "https://ai.google.dev/gemma/terms\n---\n",
                {},
                {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"gemma"});
  Report m = Identify(
      {"---\nlicense: other\nlicense_link: https://mistral.ai/licenses/MRL-0.1.md\n---\n", {}, {}});
  EXPECT_EQ(EffectiveKeys(m), Keys{"mrl"});
  ASSERT_TRUE(m.license.effective[0].version.has_value());
  EXPECT_EQ(*m.license.effective[0].version, "0.1");
  Report l =
      Identify({"---\nlicense: other\nlicense_link: HTTPS://www.llama.com/llama3_1/license/\n---\n",
                {},
                {}});
  EXPECT_EQ(EffectiveKeys(l), Keys{"llama3.1"});
  Report cc =
      Identify({"---\nlicense: other\nlicense_link: "
                "https://creativecommons.org/licenses/by-nc/4.0/legalcode\n---\n",
                {},
                {}});
  EXPECT_EQ(EffectiveKeys(cc), Keys{"cc-by-nc-4.0"});
}

TEST(LicenseIdentificationTest, LinkToTheReleasesOwnFileDefersToItsText) {
  Report r =
      Identify({"---\nlicense: other\nlicense_link: LICENSE\n---\n", {{"LICENSE", MitText()}}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  EXPECT_EQ(FindingWith(r, "declared-license-mismatch"), nullptr);
  Report hub =
      Identify({"---\nlicense: other\nlicense_link: "
                "https://huggingface.co/org/model/blob/main/LICENSE\n---\n",
                {{"LICENSE", MitText()}},
                {}});
  EXPECT_EQ(EffectiveKeys(hub), Keys{"mit"});
}

TEST(LicenseIdentificationTest, TextIsDetectedWithFileLinesAndMethod) {
  Report r = Identify({"", {{"LICENSE", MitText()}}, {}});
  ASSERT_EQ(r.license.detected.size(), 1u);
  const DetectedLicense& d = r.license.detected[0];
  EXPECT_EQ(d.key, "mit");
  EXPECT_EQ(d.evidence.file, "LICENSE");
  EXPECT_EQ(d.evidence.line, 1);
  EXPECT_GT(d.confidence, 0.9);
  EXPECT_EQ(d.document, "license");
  EXPECT_TRUE(d.method == "exact" || d.method == "similar");
  EXPECT_TRUE(d.end_line.has_value());
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  EXPECT_EQ(FindingWith(r, "license-missing"), nullptr);
}

TEST(LicenseIdentificationTest, ShippedTextGovernsOverAMismatchedLabel) {
  Report r = Identify({"---\nlicense: apache-2.0\n---\n", {{"LICENSE", MitText()}}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  const Finding* f = FindingWith(r, "declared-license-mismatch");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("apache-2.0"), std::string::npos);
  EXPECT_NE(f->message.find("shipped text governs"), std::string::npos);
  ASSERT_GE(f->evidence.size(), 2u);
  EXPECT_EQ(f->evidence[0].file, "LICENSE");
  EXPECT_EQ(f->evidence[1].key, "license");
}

TEST(LicenseIdentificationTest, LicenseLinkInTheCardProseDeclaresIt) {
  Report r = Identify({"---\ntags: [x]\n---\n# m\n\n**License** A custom license is at: "
                       "[here](https://llama.meta.com/llama3_1/license/)\n",
                       {},
                       {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"llama3.1"});
  EXPECT_EQ(FindingWith(r, "license-missing"), nullptr);
  ASSERT_EQ(r.license.declared.size(), 1u);
  EXPECT_EQ(r.license.declared[0].evidence.line, 6);
  // A link elsewhere in the prose is not a declaration.
  Report other = Identify(
      {"---\ntags: [x]\n---\n# m\n\nWe compare with [Llama](https://llama.meta.com/llama3_1/"
       "license/).\n",
       {},
       {}});
  EXPECT_EQ(EffectiveKeys(other), Keys{"unknown"});
  // Under a License heading, the first link states it; later ones are about other models.
  Report section = Identify(
      {"# m\n\n## License\nThe weights are under [MIT](https://opensource.org/license/mit).\n"
       "- Our distilled variant comes from a base under the "
       "[Llama 3.1 license](https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/LICENSE).\n",
       {},
       {}});
  EXPECT_EQ(EffectiveKeys(section), Keys{"mit"});
}

TEST(LicenseIdentificationTest, ALinkToTheBaseRepositorysLicenseOnTheHub) {
  Report r = Identify({"---\nlicense: other\nlicense_link: "
                       "https://huggingface.co/meta-llama/Llama-3.2-1B/blob/main/LICENSE.txt\n---\n",
                       {},
                       {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"llama3.2"});
}

TEST(LicenseIdentificationTest, ANearMatchDoesNotOverruleTheDeclaration) {
  // Most of the MIT text, rewritten in places: like MIT, but not MIT.
  std::string text = MitText();
  for (const char* word : {"Permission", "furnished", "substantial", "WARRANTY", "LIABILITY",
                           "MERCHANTABILITY", "copies", "deal", "restriction", "sublicense",
                           "persons", "NONINFRINGEMENT", "CONTRACT", "notice"}) {
    const size_t at = text.find(word);
    ASSERT_NE(at, std::string::npos) << word;
    text.replace(at, std::string_view(word).size(), "zzqx");
  }
  Report r = Identify({"---\nlicense: bsd-3-clause\n---\n", {{"LICENSE", text}}, {}});
  ASSERT_EQ(r.license.detected.size(), 1u);
  EXPECT_EQ(r.license.detected[0].key, "mit");
  EXPECT_LT(r.license.detected[0].confidence, 0.9);
  EXPECT_EQ(EffectiveKeys(r), Keys{"bsd-3-clause"});
  EXPECT_EQ(FindingWith(r, "declared-license-mismatch"), nullptr);
}

TEST(LicenseIdentificationTest, ARewordedSentenceIsListedButNotAFinding) {
  std::string text = MitText();
  const size_t at = text.find("subject to the following conditions");
  ASSERT_NE(at, std::string::npos);
  text.erase(at + 7, 3);  // "subject the following conditions": one word dropped
  Report r = Identify({"---\nlicense: mit\n---\n", {{"LICENSE", text}}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  ASSERT_EQ(r.license.detected.size(), 1u);
  EXPECT_FALSE(r.license.detected[0].differences.empty());
  EXPECT_EQ(FindingWith(r, "declared-license-mismatch"), nullptr);
}

TEST(LicenseIdentificationTest, ATruncatedLicenseFileIsAnError) {
  ReleaseEvidence ev;
  ev.texts.push_back({"LICENSE", FileRole::kLicense, std::string(1 << 20, '\n'), true});
  Report report = Report::Empty();
  IdentifyLicenses(ev, LicenseTable::Builtin(), &report);
  const Finding* f = FindingWith(report, "license-text-truncated");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_EQ(f->evidence[0].file, "LICENSE");
  EXPECT_NE(f->message.find("1 MiB"), std::string::npos);
}

TEST(LicenseIdentificationTest, ModifiedTextOfTheDeclaredLicenseIsFlagged) {
  std::string text = MitText();
  text +=
      "\nIn addition, any product built with the Software that has more than one million "
      "monthly users must show the words Built With Tiny on its home page.\n";
  Report r = Identify({"---\nlicense: mit\n---\n", {{"LICENSE", text}}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  ASSERT_EQ(r.license.detected.size(), 1u);
  EXPECT_FALSE(r.license.detected[0].differences.empty());
  const Finding* f = FindingWith(r, "declared-license-mismatch");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("with changes"), std::string::npos);
  EXPECT_NE(f->message.find("added text"), std::string::npos);
}

TEST(LicenseIdentificationTest, ContradictionCardAndWeightsMetadataBothGovern) {
  Report r =
      Identify({"---\nlicense: apache-2.0\n---\n", {}, {{"general.license", "cc-by-nc-4.0"}}});
  EXPECT_EQ(EffectiveKeys(r), (Keys{"apache-2.0", "cc-by-nc-4.0"}));
  const Finding* f = FindingWith(r, "license-contradiction");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("strictest terms apply"), std::string::npos);
  EXPECT_EQ(f->evidence.size(), 2u);
}

TEST(LicenseIdentificationTest, ContradictionResolvedByTheShippedText) {
  Report r = Identify(
      {"---\nlicense: apache-2.0\n---\n", {{"LICENSE", MitText()}}, {{"general.license", "mit"}}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  const Finding* f = FindingWith(r, "license-contradiction");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("shipped license text confirms mit"), std::string::npos);
}

TEST(LicenseIdentificationTest, NothingAtAllIsLicenseMissing) {
  Report r = Identify({"---\ntags: [x]\n---\n# m\n", {}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"unknown"});
  const Finding* f = FindingWith(r, "license-missing");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kError);
}

TEST(LicenseIdentificationTest, UnknownLicenseFileIsNotMissingButSaysSo) {
  Report r = Identify({"", {{"LICENSE", "You may use this model only on Tuesdays.\n"}}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"unknown"});
  const Finding* f = FindingWith(r, "license-missing");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kWarning);
}

TEST(LicenseIdentificationTest, TitleOnlyFileIsALowConfidenceGuess) {
  Report r = Identify({"", {{"LICENSE", "MIT License\n\nCopyright (c) someone\n"}}, {}});
  ASSERT_EQ(r.license.detected.size(), 1u);
  EXPECT_EQ(r.license.detected[0].method, "title");
  EXPECT_EQ(r.license.detected[0].confidence, 0.5);
  EXPECT_EQ(EffectiveKeys(r), Keys{"mit"});
  // Against a declaration, a title never wins.
  Report d = Identify({"---\nlicense: apache-2.0\n---\n", {{"LICENSE", "MIT License\n"}}, {}});
  EXPECT_EQ(EffectiveKeys(d), Keys{"apache-2.0"});
  EXPECT_NE(FindingWith(d, "declared-license-mismatch"), nullptr);
}

TEST(LicenseIdentificationTest, CardLicenseSectionIsReadWithCardLines) {
  const std::string card = "---\nlicense: mit\n---\n# Model\n\nIt sorts socks.\n\n## License\n\n" +
                           MitText() + "\n## Citation\n\nNone.\n";
  Report r = Identify({card, {}, {}});
  ASSERT_EQ(r.license.detected.size(), 1u);
  EXPECT_EQ(r.license.detected[0].key, "mit");
  EXPECT_EQ(r.license.detected[0].evidence.file, "README.md");
  EXPECT_EQ(r.license.detected[0].evidence.line, 10);
  EXPECT_EQ(FindingWith(r, "declared-license-mismatch"), nullptr);
}

TEST(LicenseIdentificationTest, CodeLicenseFilesDoNotGovernTheWeights) {
  Report r = Identify({"---\nlicense: apache-2.0\n---\n", {{"LICENSE-CODE", MitText()}}, {}});
  EXPECT_EQ(EffectiveKeys(r), Keys{"apache-2.0"});
  EXPECT_EQ(FindingWith(r, "declared-license-mismatch"), nullptr);
  EXPECT_EQ(r.license.detected.size(), 1u);
}

TEST(LicenseIdentificationTest, LlamaLicenseWithAppendedPolicyFromTheCorpus) {
  SKIP_WITHOUT_SHARED(shared);
  const auto path = shared / "corpus" / "licenses" / "texts" / "llama3-community-license.txt";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no license corpus";
  Report r =
      Identify({"---\nlicense: llama3\n---\n", {{"LICENSE", testing::ReadFileOrDie(path)}}, {}});
  ASSERT_EQ(r.license.detected.size(), 2u);
  EXPECT_EQ(r.license.detected[0].document, "license");
  EXPECT_EQ(r.license.detected[1].document, "acceptable-use-policy");
  EXPECT_EQ(EffectiveKeys(r), Keys{"llama3"});
  ASSERT_TRUE(r.license.effective[0].version.has_value());
  EXPECT_EQ(*r.license.effective[0].version, "2024-04-18");
  EXPECT_TRUE(r.findings.empty());
  // The same text under a 3.1 label: the text governs, and the finding says so.
  Report m =
      Identify({"---\nlicense: llama3.1\n---\n", {{"LICENSE", testing::ReadFileOrDie(path)}}, {}});
  EXPECT_EQ(EffectiveKeys(m), Keys{"llama3"});
  EXPECT_NE(FindingWith(m, "declared-license-mismatch"), nullptr);
}

}  // namespace
}  // namespace openness
