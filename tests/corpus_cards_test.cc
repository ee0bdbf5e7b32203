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
}

std::map<std::string, ModelCard> ParseDir(const fs::path& dir) {
  std::map<std::string, ModelCard> cards;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    ModelCard card;
    card.file = name;
    const Status s = ParseModelCard(testing::ReadFileOrDie(entry.path()), DefaultLimits(), &card);
    EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
    CheckInvariants(name, card);
    cards[name] = std::move(card);
  }
  return cards;
}

TEST(CorpusCardsTest, HuggingfaceHubTestCards) {
  SKIP_WITHOUT_SHARED(shared);
  const auto cards = ParseDir(shared / "corpus" / "formats" / "huggingface_hub" / "cards");
  ASSERT_EQ(cards.size(), 9u);
  std::map<std::string, std::string> errors;
  for (const auto& [name, card] : cards) {
    if (!card.front_matter_error.ok()) errors[name] = card.front_matter_error.message();
  }
  // huggingface_hub's own test expectations: only the list-valued block is invalid.
  const std::map<std::string, std::string> kExpectedErrors = {
      {"sample_invalid_card_data.md",
       "line 2: YAML front matter is a list, not a map"},
  };
  EXPECT_EQ(errors, kExpectedErrors);

  EXPECT_FALSE(cards.at("sample_no_metadata.md").front_matter.present);
  EXPECT_EQ(cards.at("sample_no_metadata.md").sections.size(), 1u);

  const ModelCard& crlf = cards.at("sample_windows_line_breaks.md");
  ASSERT_EQ(crlf.front_matter.license.size(), 1u);
  EXPECT_EQ(crlf.front_matter.license[0].value, "mit");
  EXPECT_EQ(crlf.front_matter.license[0].line, 2);
  EXPECT_EQ(crlf.front_matter.last_line, 9);
  ASSERT_EQ(crlf.sections.size(), 1u);
  EXPECT_EQ(crlf.sections[0].heading, "Hello old Windows line breaks");
  EXPECT_EQ(crlf.sections[0].line, 11);

  const ModelCard& index = cards.at("sample_simple_model_index.md");
  ASSERT_EQ(index.front_matter.eval_results.size(), 2u);
  EXPECT_EQ(index.front_matter.eval_results[0].dataset_name, "Beans");
  EXPECT_EQ(index.front_matter.eval_results[0].metric_type, "accuracy");
  EXPECT_EQ(index.front_matter.eval_results[0].metric_value, "0.9");
  EXPECT_EQ(index.front_matter.eval_results[1].metric_type, "f1");
  EXPECT_EQ(index.front_matter.eval_results[1].metric_value, "0.66");
  EXPECT_EQ(index.front_matter.eval_results[1].line, 35);

  // No dataset in the result: huggingface_hub drops it, we keep the metric with empty dataset.
  const ModelCard& no_dataset = cards.at("sample_invalid_model_index.md");
  ASSERT_EQ(no_dataset.front_matter.eval_results.size(), 1u);
  EXPECT_EQ(no_dataset.front_matter.eval_results[0].dataset_type, "");

  const ModelCard& dataset_card = cards.at("sample_datasetcard_simple.md");
  ASSERT_EQ(dataset_card.front_matter.license.size(), 1u);
  EXPECT_EQ(dataset_card.front_matter.license[0].value, "bsd-3-clause");
  EXPECT_EQ(dataset_card.front_matter.license[0].line, 5);
}

TEST(CorpusCardsTest, LocalModelCards) {
  SKIP_WITHOUT_SHARED(shared);
  const fs::path dir = shared / "corpus" / "formats" / "local_models";
  std::map<std::string, ModelCard> cards;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path readme = entry.path() / "README.md";
    if (!fs::exists(readme)) continue;
    ModelCard card;
    card.file = "README.md";
    ASSERT_OK(ParseModelCard(testing::ReadFileOrDie(readme), DefaultLimits(), &card));
    EXPECT_TRUE(card.front_matter_error.ok()) << card.front_matter_error.ToString();
    CheckInvariants(entry.path().filename().string(), card);
    cards[entry.path().filename().string()] = std::move(card);
  }
  ASSERT_EQ(cards.count("medgemma-27b-it"), 1u);
  const FrontMatter& med = cards.at("medgemma-27b-it").front_matter;
  ASSERT_EQ(med.license.size(), 1u);
  EXPECT_EQ(med.license[0].value, "other");
  ASSERT_TRUE(med.license_name);
  EXPECT_EQ(med.license_name->value, "health-ai-developer-foundations");
  ASSERT_TRUE(med.license_link);
  EXPECT_EQ(med.license_link->value,
            "https://developers.google.com/health-ai-developer-foundations/terms");
  ASSERT_TRUE(med.extra_gated_prompt);
  EXPECT_EQ(med.extra_gated_prompt->line, 9);
  ASSERT_EQ(med.base_model.size(), 1u);
  EXPECT_EQ(med.base_model[0].value, "google/gemma-3-27b-pt");
  EXPECT_EQ(med.base_model[0].line, 28);
  EXPECT_EQ(med.last_line, 29);
  EXPECT_EQ(med.tags.size(), 12u);

  ASSERT_EQ(cards.count("granite-3.1-1b-a400m-instruct"), 1u);
  const ModelCard& granite = cards.at("granite-3.1-1b-a400m-instruct");
  ASSERT_EQ(granite.front_matter.base_model.size(), 1u);  // written as a one-item list
  EXPECT_EQ(granite.front_matter.base_model[0].value, "ibm-granite/granite-3.1-1b-a400m-base");
  EXPECT_EQ(granite.front_matter.base_model[0].line, 10);
  bool github = false;
  for (const CardLink& l : granite.links) {
    if (l.url == "https://github.com/ibm-granite/granite-3.1-language-models") {
      github = true;
      EXPECT_EQ(l.kind, LinkKind::kCodeRepository);
      EXPECT_EQ(l.text, "ibm-granite/granite-3.1-language-models");
      EXPECT_EQ(l.line, 19);
    }
  }
  EXPECT_TRUE(github);
}

}  // namespace
}  // namespace openness
