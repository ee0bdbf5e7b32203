// The license matcher against the shared license corpus (../shared/corpus/licenses): every text
// whose key is in data/license-keys.csv is identified with the right key, version and document
// kind, as it is and in altered copies (rewrapped, with a packager's header and footer, as
// Markdown, inside a model card, cut short). Then the false positives: model cards from
// ../shared/corpus/cards with their license sections cut out, and plain prose, must match
// nothing. The counts are printed. Skipped when ../shared is absent.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "openness/license_keys.h"
#include "openness/license_matcher.h"
#include "openness/limits.h"
#include "openness/model_card.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;

// What each corpus text is: our labels, from the corpus README and sources.csv (titles, dates).
struct Expected {
  const char* file;  // relative to corpus/licenses
  const char* key;
  const char* version;  // nullptr: any version of the key
  LicenseDocument document;
};

constexpr LicenseDocument kLic = LicenseDocument::kLicense;
constexpr LicenseDocument kAup = LicenseDocument::kAcceptableUsePolicy;

const Expected kExpected[] = {
    {"texts/apache-2.0.txt", "apache-2.0", nullptr, kLic},
    {"texts/apple-amlr.txt", "apple-amlr", nullptr, kLic},
    {"texts/apple-ascl.txt", "apple-ascl", nullptr, kLic},
    {"texts/bigcode-openrail-m-v1.txt", "bigcode-openrail-m", nullptr, kLic},
    {"texts/bigscience-bloom-rail-1.0.txt", "bigscience-bloom-rail-1.0", nullptr, kLic},
    {"texts/bigscience-openrail-m.txt", "bigscience-openrail-m", nullptr, kLic},
    {"texts/cc-by-nc-4.0.txt", "cc-by-nc-4.0", nullptr, kLic},
    {"texts/creativeml-openrail-m.txt", "creativeml-openrail-m", nullptr, kLic},
    {"texts/creativeml-openrail-pp-m-sdxl.txt", "openrail++", nullptr, kLic},
    {"texts/deepfloyd-if-license.txt", "deepfloyd-if-license", nullptr, kLic},
    {"texts/deepseek-license-1.0.txt", "deepseek", "1.0", kLic},
    {"texts/deepseek-r1-mit.txt", "mit", nullptr, kLic},
    {"texts/gemma-prohibited-use-policy-2024-02-21.txt", "gemma", "2024-02-21", kAup},
    {"texts/gemma-terms-of-use-2025-03-24.txt", "gemma", "2025-03-24", kLic},
    {"texts/llama1-license-2023.txt", "llama1", nullptr, kLic},
    {"texts/llama2-acceptable-use-policy.txt", "llama2", "2023-07", kAup},
    {"texts/llama2-community-license.txt", "llama2", "2023-07-18", kLic},
    {"texts/llama3-acceptable-use-policy.txt", "llama3", "2024-04", kAup},
    {"texts/llama3_1-acceptable-use-policy.txt", "llama3.1", "2024-07", kAup},
    {"texts/llama3_1-community-license.txt", "llama3.1", "2024-07-23", kLic},
    {"texts/llama3_2-acceptable-use-policy.txt", "llama3.2", "2024-09", kAup},
    {"texts/llama3_2-community-license.txt", "llama3.2", "2024-09-25", kLic},
    {"texts/llama3_3-acceptable-use-policy.txt", "llama3.3", "2024-12", kAup},
    {"texts/llama3_3-community-license.txt", "llama3.3", "2024-12-06", kLic},
    {"texts/llama4-acceptable-use-policy.txt", "llama4", "2025-04", kAup},
    {"texts/llama4-community-license.txt", "llama4", "2025-04-05", kLic},
    {"texts/nvidia-open-model-license-2025-10-24.txt", "nvidia-open-model", "2025-10-24", kLic},
    {"texts/openmdw-1.0.txt", "openmdw-1.0", nullptr, kLic},
    {"texts/stability-ai-community-2024-07-05.txt", "stability-community", "2024-07-05", kLic},
    {"texts/stability-ai-nc-community-sv3d-2024-03-18.txt", "stability-nc-community", "2024-03-18",
     kLic},
    {"texts/stability-ai-nc-research-community-2023-11-28.txt", "stability-nc-research-community",
     "2023-11-28", kLic},
    {"texts/stability-ai-svd-nc-community-2023-11-21.txt", "stability-nc-community", "2023-11-21",
     kLic},
    {"texts/tongyi-qianwen-license.txt", "tongyi-qianwen", nullptr, kLic},
    {"texts/tongyi-qianwen-research-license.txt", "tongyi-qianwen-research", nullptr, kLic},
    {"texts/yi-community-license-2.1.txt", "yi-community", "2.1", kLic},
    {"texts/yi-license-1.0.txt", "yi-1.0", "1.0", kLic},
    {"packaged/BigCode-Open-RAIL-M-v1-License-Agreement", "bigcode-openrail-m", nullptr, kLic},
    {"packaged/CreativeML-Open-RAIL++-M-License-20230726", "openrail++", nullptr, kLic},
    {"packaged/DEEPSEEK-LICENSE-AGREEMENT-1.0", "deepseek", "1.0", kLic},
    {"packaged/Databricks-Open-Model-Acceptable-Use-Policy", "databricks-open-model", nullptr,
     kAup},
    {"packaged/Databricks-Open-Model-License", "databricks-open-model", nullptr, kLic},
    {"packaged/EXAONE-AI-Model-License-Agreement-1.1-NC", "exaone-nc", nullptr, kLic},
    {"packaged/FLUX-Non-Commercial-License-v2.1", "flux-1-dev-non-commercial", "2.1", kLic},
    {"packaged/Falcon-2-11B-TII-Acceptable-Use-Policy-1.0", "tii-falcon-2", nullptr, kAup},
    {"packaged/Falcon-2-11B-TII-License-1.0", "tii-falcon-2", nullptr, kLic},
    {"packaged/Falcon-3-TII-Falcon-License-December-2024", "tii-falcon-3", nullptr, kLic},
    {"packaged/TII-Falcon-3-License-December-2024-ACCEPTABLE-USE-POLICY", "tii-falcon-3", nullptr,
     kAup},
    {"packaged/Gemma-Prohibited-Use-Policy-20240221", "gemma", "2024-02-21", kAup},
    {"packaged/Gemma-Terms-of-Use-20240221", "gemma", "2024-02-21", kLic},
    {"packaged/Gemma-Terms-of-Use-20240401", "gemma", "2024-04-01", kLic},
    {"packaged/Gemma-Terms-of-Use-20250324", "gemma", "2025-03-24", kLic},
    {"packaged/Grok-2-Community-License-Agreement-20251104", "grok2-community", nullptr, kLic},
    {"packaged/xAI-Acceptable-Use-Policy", "grok2-community", nullptr, kAup},
    {"packaged/MICROSOFT-RESEARCH-LICENSE-TERMS", "microsoft-research-license", nullptr, kLic},
    {"packaged/MNPL-0.1.md", "mnpl", nullptr, kLic},
    {"packaged/MRL-0.1.md", "mrl", nullptr, kLic},
    {"packaged/NVIDIA-AI-Foundation-Models-Community-License-Agreement",
     "nvidia-ai-foundation-community", nullptr, kLic},
    {"packaged/OpenMDW-1.1", "openmdw-1.1", nullptr, kLic},
    {"packaged/Qwen-RESEARCH-LICENSE-AGREEMENT", "qwen-research", nullptr, kLic},
    {"packaged/STABILITY-AI-NON-COMMERCIAL-RESEARCH-COMMUNITY-LICENSE-AGREEMENT",
     "stability-nc-research-community", nullptr, kLic},
    {"packaged/Tongyi-Qianwen-LICENSE-AGREEMENT", "tongyi-qianwen", nullptr, kLic},
    {"packaged/Tongyi-Qianwen-RESEARCH-LICENSE-AGREEMENT", "tongyi-qianwen-research", nullptr,
     kLic},
    {"packaged/codellama-USE_POLICY.md", "llama2", nullptr, kAup},
    {"packaged/llama2-LICENSE", "llama2", "2023-07-18", kLic},
    {"packaged/llama2-USE_POLICY.md", "llama2", "2023-07", kAup},
    {"packaged/llama3-USE_POLICY.md", "llama3", "2024-04", kAup},
    {"packaged/llama3_1-LICENSE", "llama3.1", "2024-07-23", kLic},
    {"packaged/llama3_1-USE_POLICY.md", "llama3.1", "2024-07", kAup},
    {"packaged/llama3_2-LICENSE", "llama3.2", "2024-09-25", kLic},
    {"packaged/llama3_2-USE_POLICY.md", "llama3.2", "2024-09", kAup},
    {"packaged/llama3_3-LICENSE", "llama3.3", "2024-12-06", kLic},
    {"packaged/llama3_3-USE_POLICY.md", "llama3.3", "2024-12", kAup},
    {"packaged/llama4-LICENSE", "llama4", "2025-04-05", kLic},
    {"packaged/llama4-USE_POLICY.md", "llama4", "2025-04", kAup},
};

// Files that hold a license and its acceptable-use policy one after the other.
const Expected kTwoDocuments[][2] = {
    {{"texts/llama3-community-license.txt", "llama3", "2024-04-18", kLic},
     {"texts/llama3-community-license.txt", "llama3", nullptr, kAup}},
    {{"packaged/llama3-LICENSE", "llama3", "2024-04-18", kLic},
     {"packaged/llama3-LICENSE", "llama3", nullptr, kAup}},
};

bool Is(const LicenseMatch& m, const Expected& e) {
  return m.key == e.key && m.document == e.document &&
         (e.version == nullptr || m.version == e.version);
}

std::string Describe(const std::vector<LicenseMatch>& ms) {
  if (ms.empty()) return "nothing";
  std::string s;
  for (const LicenseMatch& m : ms) {
    s += (s.empty() ? "" : "; ") + m.key + " " + m.version + " " +
         std::string(LicenseDocumentName(m.document)) + " " + std::to_string(m.confidence) +
         " lines " + std::to_string(m.start_line) + "-" + std::to_string(m.end_line);
  }
  return s;
}

// Joins each paragraph into one line and wraps it again at width columns.
std::string Rewrap(const std::string& text, size_t width) {
  std::string out, line;
  size_t pos = 0;
  auto flush = [&] {
    if (!line.empty()) out += line + "\n";
    line.clear();
  };
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    std::string_view l(text.data() + pos, eol - pos);
    pos = eol + 1;
    if (l.find_first_not_of(" \t\r") == std::string_view::npos) {
      flush();
      out += "\n";
      continue;
    }
    size_t w = 0;
    while (w < l.size()) {
      while (w < l.size() && (l[w] == ' ' || l[w] == '\t')) ++w;
      size_t e = w;
      while (e < l.size() && l[e] != ' ' && l[e] != '\t') ++e;
      if (e == w) break;
      if (!line.empty() && line.size() + (e - w) + 1 > width) flush();
      line += (line.empty() ? "" : " ") + std::string(l.substr(w, e - w));
      w = e;
    }
  }
  flush();
  return out;
}

int CountLines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

struct Tally {
  int ok = 0, total = 0;
  void Add(bool pass) {
    ++total;
    ok += pass ? 1 : 0;
  }
};

TEST(LicenseCorpusTest, EveryKnownTextIsIdentifiedWithKeyVersionAndKind) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path dir = shared / "corpus" / "licenses";
  if (!fs::exists(dir)) GTEST_SKIP() << "no license corpus";
  const LicenseMatcher& matcher = LicenseMatcher::Builtin();
  const LicenseTable& table = LicenseTable::Builtin();
  std::map<std::string, Tally> tallies;
  int aups = 0;

  for (const Expected& e : kExpected) {
    ASSERT_NE(table.Find(e.key), nullptr) << e.key << " is not a report key";
    const fs::path path = dir / e.file;
    ASSERT_TRUE(fs::exists(path)) << path;
    const std::string text = testing::ReadFileOrDie(path);
    aups += e.document == kAup ? 1 : 0;

    // As it is: exactly one document, the right one.
    const auto as_is = matcher.Match(text);
    const bool ok = as_is.size() == 1 && Is(as_is[0], e);
    EXPECT_TRUE(ok) << e.file << ": " << Describe(as_is);
    tallies["as is"].Add(ok);

    // Rewrapped at 60 columns.
    const auto rewrapped = matcher.Match(Rewrap(text, 60));
    const bool rw = rewrapped.size() == 1 && Is(rewrapped[0], e);
    EXPECT_TRUE(rw) << e.file << " rewrapped: " << Describe(rewrapped);
    tallies["rewrapped"].Add(rw);

    // A packager's header line and footer around it: the span leaves them out.
    const std::string packaged = "[For the original copy, see https://example.org/terms]\n\n" +
                                 text + "\n---\nDownloaded on 2024-05-01 by the packager.\n";
    const auto pk = matcher.Match(packaged);
    const bool pk_ok = pk.size() == 1 && Is(pk[0], e) && pk[0].start_line > 1 &&
                       pk[0].end_line <= CountLines(packaged) - 2;
    EXPECT_TRUE(pk_ok) << e.file << " with header: " << Describe(pk);
    tallies["packager header"].Add(pk_ok);

    // Inside a model card, under a License heading, between other sections.
    std::string card =
        "---\nlicense: other\n---\n# A fine-tuned model\n\nThis model answers questions about "
        "cooking.\n\n## Training\n\nWe trained it for two epochs on recipes.\n\n## License\n\n";
    const int start = CountLines(card) + 1;
    card += text + "\n\n## Citation\n\nPlease cite our workshop paper.\n";
    const auto in_card = matcher.Match(card);
    const bool card_ok = in_card.size() == 1 && Is(in_card[0], e) && in_card[0].start_line >= start;
    EXPECT_TRUE(card_ok) << e.file << " in a card: " << Describe(in_card);
    tallies["inside a card"].Add(card_ok);

    // The first 80% only: the key is still right (the version may be cut off).
    const auto cut = matcher.Match(text.substr(0, text.size() * 8 / 10));
    const bool cut_ok =
        !cut.empty() && cut[0].key == std::string(e.key) && cut[0].document == e.document;
    if (!cut_ok)
      std::printf("  cut short, not recognised: %s: %s\n", e.file, Describe(cut).c_str());
    tallies["first 80% (key)"].Add(cut_ok);
  }

  for (const auto& pair : kTwoDocuments) {
    const std::string text = testing::ReadFileOrDie(dir / pair[0].file);
    const auto ms = matcher.Match(text);
    const bool ok = ms.size() == 2 && Is(ms[0], pair[0]) && Is(ms[1], pair[1]) &&
                    ms[0].end_line < ms[1].start_line;
    EXPECT_TRUE(ok) << pair[0].file << ": " << Describe(ms);
    tallies["license + policy in one file"].Add(ok);
  }

  // A text cut short may be closer to a relative (Apache-2.0 without its appendix is close to
  // ECL-2.0): such misses are printed, and only a few are tolerated.
  EXPECT_GE(tallies["first 80% (key)"].ok, tallies["first 80% (key)"].total - 3);
  std::printf(
      "license corpus (%zu texts, %d acceptable-use policies, index of %zu references%s):\n",
      std::size(kExpected), aups, matcher.size(),
      matcher.has_spdx() ? " with the SPDX list" : ", no SPDX list");
  for (const auto& [name, t] : tallies) {
    std::printf("  %-30s %3d / %3d  (%.1f%%)\n", name.c_str(), t.ok, t.total,
                100.0 * t.ok / std::max(1, t.total));
  }
}

// Cards without their license sections (and without the front matter, whose gated prompt may
// quote a license) claim no license; neither do the corpus's prose documents.
TEST(LicenseCorpusTest, NoLicenseIsClaimedForCardsWithoutLicenseTextOrForProse) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path cards = shared / "corpus" / "cards";
  if (!fs::exists(cards)) GTEST_SKIP() << "no card corpus";
  const LicenseMatcher& matcher = LicenseMatcher::Builtin();
  int checked = 0, claimed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(cards)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name != "README.md" && name != "model_card.md") continue;
    const std::string text = testing::ReadFileOrDie(entry.path());
    ModelCard card;
    if (!ParseModelCard(text, DefaultLimits(), &card).ok()) continue;
    // Lines to blank: the front matter and every license-like section.
    std::vector<bool> cut(card.line_starts.size() + 2, false);
    if (card.front_matter.present) {
      for (int l = card.front_matter.first_line; l <= card.front_matter.last_line; ++l) {
        if (l >= 0 && static_cast<size_t>(l) < cut.size()) cut[l] = true;
      }
    }
    for (const CardSection& s : card.sections) {
      std::string h = s.heading;
      for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const bool license_like =
          h.find("licen") != std::string::npos || h.find("terms") != std::string::npos ||
          h.find("use policy") != std::string::npos ||
          h.find("acceptable use") != std::string::npos ||
          h.find("agreement") != std::string::npos || h.find("restriction") != std::string::npos ||
          h.find("prohibited") != std::string::npos;
      if (!license_like) continue;
      for (int l = s.line; l <= s.end_line; ++l) {
        if (l >= 0 && static_cast<size_t>(l) < cut.size()) cut[l] = true;
      }
    }
    std::string kept;
    for (int l = 1; l < static_cast<int>(cut.size()); ++l) {
      if (!cut[l]) kept += std::string(card.Line(l));
      kept += "\n";
    }
    const auto ms = matcher.Match(kept);
    ++checked;
    if (!ms.empty()) {
      ++claimed;
      ADD_FAILURE() << fs::relative(entry.path(), cards).string() << ": " << Describe(ms);
    }
  }
  int prose = 0, prose_claimed = 0;
  for (const fs::path& p :
       {shared / "facts" / "licenses.md", shared / "corpus" / "licenses" / "README.md",
        shared / "spec" / "report-contract.md", shared / "style" / "STYLE.md",
        shared / "corpus" / "cards" / "README.md"}) {
    if (!fs::exists(p)) continue;
    ++prose;
    const auto ms = matcher.Match(testing::ReadFileOrDie(p));
    if (!ms.empty()) {
      ++prose_claimed;
      ADD_FAILURE() << p.filename().string() << ": " << Describe(ms);
    }
  }
  std::printf(
      "false positives: %d of %d cards without license sections, %d of %d prose documents\n",
      claimed, checked, prose_claimed, prose);
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace openness
