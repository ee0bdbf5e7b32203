// Corpus suite: every real model card in ../shared/corpus/cards/ (and huggingface_hub's test
// cards) parses without a hard error, and the front matter statistics stay where they were when
// the parser was written. A change in these numbers means the parser's reading changed: look at
// the cards that moved before updating the expectations.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "openness/limits.h"
#include "openness/model_card.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;

struct IndexRow {
  std::string family, model, card_file;
};

// INDEX.csv has no quoted fields; the first three columns are all we need.
std::vector<IndexRow> ReadIndex(const fs::path& csv) {
  std::vector<IndexRow> rows;
  std::istringstream in(testing::ReadFileOrDie(csv));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cols;
    std::string col;
    std::istringstream ls(line);
    while (std::getline(ls, col, ',')) cols.push_back(col);
    if (cols.size() < 3) continue;
    rows.push_back({cols[0], cols[1], cols[2]});
  }
  return rows;
}

struct Counts {
  int cards = 0;
  int front_matter = 0;
  int front_matter_errors = 0;
  int with_license = 0;
  int with_base_model = 0;
  int with_model_index = 0;
  int eval_results = 0;
  int sections = 0;
  int links = 0;
  std::map<LinkKind, int> link_kinds;
  std::map<std::string, std::string> errors;  // card path -> error message
};

void Tally(const std::string& rel, const ModelCard& card, Counts* c) {
  ++c->cards;
  const FrontMatter& fm = card.front_matter;
  if (fm.present) ++c->front_matter;
  if (!card.front_matter_error.ok()) {
    ++c->front_matter_errors;
    c->errors[rel] = card.front_matter_error.message();
  }
  if (!fm.license.empty()) ++c->with_license;
  if (!fm.base_model.empty()) ++c->with_base_model;
  if (fm.model_index_line) ++c->with_model_index;
  c->eval_results += static_cast<int>(fm.eval_results.size());
  c->sections += static_cast<int>(card.sections.size());
  c->links += static_cast<int>(card.links.size());
  for (const CardLink& l : card.links) ++c->link_kinds[l.kind];
}

// An ATX heading line holds '#'; a setext heading is followed by a line of '=' or '-' (the
// heading text may run over several lines before it, so look a few lines ahead).
bool LooksLikeHeadingLine(const ModelCard& card, int line) {
  if (card.Line(line).find('#') != std::string_view::npos) return true;
  for (int n = line + 1; n <= line + 5; ++n) {
    const std::string_view l = card.Line(n);
    const size_t first = l.find_first_not_of(" ");
    if (first != std::string_view::npos && (l[first] == '=' || l[first] == '-')) return true;
  }
  return false;
}

// Checks that hold for any parsed card: lines are in range and point where they claim.
void CheckInvariants(const std::string& rel, const ModelCard& card) {
  const int max_line = static_cast<int>(card.line_starts.size());
  for (const CardSection& s : card.sections) {
    EXPECT_GE(s.line, 1) << rel << ": " << s.heading;
    EXPECT_LE(s.line, max_line) << rel << ": " << s.heading;
    EXPECT_GE(s.end_line, s.line) << rel << ": " << s.heading;
    EXPECT_TRUE(LooksLikeHeadingLine(card, s.line))
        << rel << ": heading '" << s.heading << "' at line " << s.line << " reads '"
        << card.Line(s.line) << "'";
  }
  for (const CardLink& l : card.links) {
    EXPECT_GE(l.line, 1) << rel << ": " << l.url;
    EXPECT_LE(l.line, max_line) << rel << ": " << l.url;
  }
  const FrontMatter& fm = card.front_matter;
  for (const CardValue& v : fm.license) {
    EXPECT_NE(card.Line(v.line).find(v.value), std::string_view::npos)
        << rel << ": license '" << v.value << "' not on line " << v.line;
  }
  for (const CardValue& k : fm.keys) {
    EXPECT_NE(card.Line(k.line).find(k.value), std::string_view::npos)
        << rel << ": key '" << k.value << "' not on line " << k.line;
  }
}

TEST(CorpusCardsTest, EveryCardParses) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path root = shared / "corpus" / "cards";
  const std::vector<IndexRow> rows = ReadIndex(root / "INDEX.csv");
  ASSERT_GE(rows.size(), 500u);

  Counts c;
  int skipped = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const IndexRow& row : rows) {
    if (row.card_file.empty()) {
      ++skipped;  // the row has only a license or a readme.txt
      continue;
    }
    const std::string rel = row.family + "/" + row.model + "/" + row.card_file;
    const std::string text = testing::ReadFileOrDie(root / rel);
    ModelCard card;
    card.file = row.card_file;
    const Status s = ParseModelCard(text, DefaultLimits(), &card);
    ASSERT_TRUE(s.ok()) << rel << ": " << s.ToString();
    CheckInvariants(rel, card);
    Tally(rel, card, &c);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::cout << "cards parsed: " << c.cards << " (rows without a card: " << skipped << ")\n"
            << "  with front matter: " << c.front_matter << "\n"
            << "  front matter errors: " << c.front_matter_errors << "\n"
            << "  declaring a license: " << c.with_license << "\n"
            << "  declaring base_model: " << c.with_base_model << "\n"
            << "  with model-index: " << c.with_model_index << " (" << c.eval_results
            << " eval results)\n"
            << "  sections: " << c.sections << ", links: " << c.links << "\n";
  for (const auto& [kind, n] : c.link_kinds) {
    std::cout << "    " << LinkKindName(kind) << ": " << n << "\n";
  }
  for (const auto& [rel, msg] : c.errors) std::cout << "  error: " << rel << ": " << msg << "\n";
  std::cout << "  time: " << seconds << " s\n";
  RecordProperty("cards", c.cards);
  RecordProperty("front_matter", c.front_matter);
  RecordProperty("front_matter_errors", c.front_matter_errors);
  RecordProperty("with_license", c.with_license);

  EXPECT_EQ(skipped, 3);
  EXPECT_EQ(c.cards, 531);
  // PyYAML with huggingface_hub's regex finds 493 YAML blocks, all loadable, 459 with a license.
  EXPECT_EQ(c.front_matter, 493);
  EXPECT_EQ(c.with_license, 459);
  EXPECT_GE(c.with_base_model, 1);
  EXPECT_GE(c.with_model_index, 1);
  EXPECT_GE(c.link_kinds[LinkKind::kCodeRepository], 100);
  EXPECT_GE(c.link_kinds[LinkKind::kPaper], 100);
  // Every front matter error is a known-broken card with the expected message.
  const std::map<std::string, std::string> kKnownBroken = {};
  EXPECT_EQ(c.errors, kKnownBroken);
  EXPECT_LT(seconds, 30.0);
}

TEST(CorpusCardsTest, HuggingfaceHubTestCards) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path dir = shared / "corpus" / "formats" / "huggingface_hub" / "cards";
  std::map<std::string, ModelCard> cards;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    ModelCard card;
    card.file = name;
    const Status s = ParseModelCard(testing::ReadFileOrDie(entry.path()), DefaultLimits(), &card);
    ASSERT_TRUE(s.ok()) << name << ": " << s.ToString();
    CheckInvariants(name, card);
    cards[name] = std::move(card);
  }
  ASSERT_EQ(cards.size(), 9u);
  for (const auto& [name, card] : cards) {
    std::cout << name << ": front matter " << card.front_matter.present << ", error '"
              << card.front_matter_error.message() << "', sections " << card.sections.size()
              << "\n";
  }
}

}  // namespace
}  // namespace openness
