#include "openness/model_card.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "openness/limits.h"
#include "test_util.h"

namespace openness {
namespace {

ModelCard Parse(std::string_view text, const Limits& limits = DefaultLimits()) {
  ModelCard card;
  card.file = "README.md";
  const Status s = ParseModelCard(text, limits, &card);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return card;
}

std::vector<std::string> Values(const std::vector<CardValue>& values) {
  std::vector<std::string> out;
  for (const CardValue& v : values) out.push_back(v.value);
  return out;
}

std::vector<int> Lines(const std::vector<CardValue>& values) {
  std::vector<int> out;
  for (const CardValue& v : values) out.push_back(v.line);
  return out;
}

using Strings = std::vector<std::string>;
using Ints = std::vector<int>;

constexpr std::string_view kFullCard =
    "---\n"                                            // 1
    "license: other\n"                                 // 2
    "license_name: health-ai-developer-foundations\n"  // 3
    "license_link: https://example.com/terms\n"        // 4
    "base_model: google/gemma-3-27b-pt\n"              // 5
    "base_model_relation: finetune\n"                  // 6
    "datasets:\n"                                      // 7
    "- org/set-a\n"                                    // 8
    "- org/set-b\n"                                    // 9
    "tags: [medical, arxiv:2401.00001]\n"              // 10
    "language:\n"                                      // 11
    "- en\n"                                           // 12
    "- no\n"                                           // 13
    "pipeline_tag: image-text-to-text\n"               // 14
    "library_name: transformers\n"                     // 15
    "extra_gated_prompt: >-\n"                         // 16
    "  You agree to the terms.\n"                      // 17
    "inference: false\n"                               // 18
    "model-index:\n"                                   // 19
    "- name: my-model\n"                               // 20
    "  results:\n"                                     // 21
    "  - task:\n"                                      // 22
    "      type: image-classification\n"               // 23
    "    dataset:\n"                                   // 24
    "      type: beans\n"                              // 25
    "      name: Beans\n"                              // 26
    "    metrics:\n"                                   // 27
    "    - type: accuracy\n"                           // 28
    "      value: 0.9\n"                               // 29
    "    - type: f1\n"                                 // 30
    "      value: \"20.0 ± 1.2\"\n"                    // 31
    "  - task: {type: text-generation}\n"              // 32
    "    dataset: {type: cais/mmlu, name: MMLU}\n"     // 33
    "    metrics:\n"                                   // 34
    "    - {type: acc, value: 71}\n"                   // 35
    "---\n"                                            // 36
    "\n"                                               // 37
    "# Model Card for My Model\n"                      // 38
    "\n"                                               // 39
    "## Model Details\n"                               // 40
    "\n"                                               // 41
    "A model.\n";                                      // 42

TEST(ModelCardTest, FullFrontMatter) {
  const ModelCard card = Parse(kFullCard);
  EXPECT_TRUE(card.front_matter_error.ok()) << card.front_matter_error.ToString();
  const FrontMatter& fm = card.front_matter;
  EXPECT_TRUE(fm.present);
  EXPECT_EQ(fm.first_line, 1);
  EXPECT_EQ(fm.last_line, 36);
  EXPECT_EQ(Values(fm.license), Strings({"other"}));
  EXPECT_EQ(Lines(fm.license), Ints({2}));
  ASSERT_TRUE(fm.license_name);
  EXPECT_EQ(fm.license_name->value, "health-ai-developer-foundations");
  EXPECT_EQ(fm.license_name->line, 3);
  ASSERT_TRUE(fm.license_link);
  EXPECT_EQ(fm.license_link->value, "https://example.com/terms");
  EXPECT_EQ(fm.license_link->line, 4);
  EXPECT_EQ(Values(fm.base_model), Strings({"google/gemma-3-27b-pt"}));
  EXPECT_EQ(Lines(fm.base_model), Ints({5}));
  ASSERT_TRUE(fm.base_model_relation);
  EXPECT_EQ(fm.base_model_relation->value, "finetune");
  EXPECT_EQ(fm.base_model_relation->line, 6);
  EXPECT_EQ(Values(fm.datasets), Strings({"org/set-a", "org/set-b"}));
  EXPECT_EQ(Lines(fm.datasets), Ints({8, 9}));
  EXPECT_EQ(Values(fm.tags), Strings({"medical", "arxiv:2401.00001"}));
  EXPECT_EQ(Lines(fm.tags), Ints({10, 10}));
  // "no" stays text: YAML 1.1 booleans are not converted.
  EXPECT_EQ(Values(fm.language), Strings({"en", "no"}));
  EXPECT_EQ(Lines(fm.language), Ints({12, 13}));
  ASSERT_TRUE(fm.pipeline_tag);
  EXPECT_EQ(fm.pipeline_tag->value, "image-text-to-text");
  EXPECT_EQ(fm.pipeline_tag->line, 14);
  ASSERT_TRUE(fm.library_name);
  EXPECT_EQ(fm.library_name->value, "transformers");
  EXPECT_EQ(fm.library_name->line, 15);
  ASSERT_TRUE(fm.extra_gated_prompt);
  EXPECT_EQ(fm.extra_gated_prompt->value, "You agree to the terms.");
  EXPECT_EQ(fm.extra_gated_prompt->line, 16);
  ASSERT_TRUE(fm.model_index_line);
  EXPECT_EQ(*fm.model_index_line, 19);

  ASSERT_EQ(fm.eval_results.size(), 3u);
  const CardEvalResult& a = fm.eval_results[0];
  EXPECT_EQ(a.task_type, "image-classification");
  EXPECT_EQ(a.dataset_type, "beans");
  EXPECT_EQ(a.dataset_name, "Beans");
  EXPECT_EQ(a.metric_type, "accuracy");
  EXPECT_EQ(a.metric_value, "0.9");
  EXPECT_EQ(a.line, 29);
  EXPECT_EQ(fm.eval_results[1].metric_type, "f1");
  EXPECT_EQ(fm.eval_results[1].metric_value, "20.0 ± 1.2");
  EXPECT_EQ(fm.eval_results[1].line, 31);
  const CardEvalResult& c = fm.eval_results[2];
  EXPECT_EQ(c.task_type, "text-generation");
  EXPECT_EQ(c.dataset_type, "cais/mmlu");
  EXPECT_EQ(c.dataset_name, "MMLU");
  EXPECT_EQ(c.metric_type, "acc");
  EXPECT_EQ(c.metric_value, "71");
  EXPECT_EQ(c.line, 35);

  EXPECT_EQ(Values(fm.keys),
            Strings({"license", "license_name", "license_link", "base_model", "base_model_relation",
                     "datasets", "tags", "language", "pipeline_tag", "library_name",
                     "extra_gated_prompt", "inference", "model-index"}));
  EXPECT_EQ(Lines(fm.keys), Ints({2, 3, 4, 5, 6, 7, 10, 11, 14, 15, 16, 18, 19}));

  ASSERT_EQ(card.sections.size(), 2u);
  EXPECT_EQ(card.sections[0].heading, "Model Card for My Model");
  EXPECT_EQ(card.sections[0].level, 1);
  EXPECT_EQ(card.sections[0].line, 38);
  EXPECT_EQ(card.sections[0].end_line, 42);
  EXPECT_EQ(card.sections[1].heading, "Model Details");
  EXPECT_EQ(card.sections[1].line, 40);
  EXPECT_EQ(card.Line(40), "## Model Details");
  EXPECT_EQ(card.text, kFullCard);
}

TEST(ModelCardTest, LicenseAsList) {
  const ModelCard card = Parse(
      "---\n"
      "license:\n"
      "- apache-2.0\n"
      "- cc-by-4.0\n"
      "---\n");
  EXPECT_EQ(Values(card.front_matter.license), Strings({"apache-2.0", "cc-by-4.0"}));
  EXPECT_EQ(Lines(card.front_matter.license), Ints({3, 4}));
}

TEST(ModelCardTest, BaseModelAsListIsAMerge) {
  const ModelCard card = Parse(
      "---\n"
      "base_model:\n"
      "  - org/a\n"
      "  - org/b\n"
      "base_model_relation: merge\n"
      "---\n");
  EXPECT_EQ(Values(card.front_matter.base_model), Strings({"org/a", "org/b"}));
  EXPECT_EQ(Lines(card.front_matter.base_model), Ints({3, 4}));
  ASSERT_TRUE(card.front_matter.base_model_relation);
  EXPECT_EQ(card.front_matter.base_model_relation->value, "merge");
}

TEST(ModelCardTest, ScalarsKeepTheirTextAndWrongTypesAreIgnored) {
  const ModelCard card = Parse(
      "---\n"
      "license: {name: mit}\n"        // 2: a map: ignored
      "tags: [1, true, [x], 2.50]\n"  // 3: numbers and booleans as written, the list skipped
      "pipeline_tag: [a, b]\n"        // 4: a list where a string belongs: ignored
      "library_name: ~\n"             // 5: null: absent
      "datasets: 42\n"                // 6
      "---\n");
  EXPECT_TRUE(card.front_matter_error.ok());
  EXPECT_TRUE(card.front_matter.license.empty());
  EXPECT_EQ(Values(card.front_matter.tags), Strings({"1", "true", "2.50"}));
  EXPECT_FALSE(card.front_matter.pipeline_tag);
  EXPECT_FALSE(card.front_matter.library_name);
  EXPECT_EQ(Values(card.front_matter.datasets), Strings({"42"}));
  EXPECT_EQ(card.front_matter.keys.size(), 5u);
}

TEST(ModelCardTest, DuplicateKeysFirstWinsAllListed) {
  const ModelCard card = Parse("---\nlicense: mit\nlicense: gpl-3.0\n---\n");
  EXPECT_EQ(Values(card.front_matter.license), Strings({"mit"}));
  EXPECT_EQ(Values(card.front_matter.keys), Strings({"license", "license"}));
  EXPECT_EQ(Lines(card.front_matter.keys), Ints({2, 3}));
}

TEST(ModelCardTest, ModelIndexWithoutDatasetKeepsMetrics) {
  // huggingface_hub's sample_invalid_model_index.md: no dataset; the metric is still reported.
  const ModelCard card = Parse(
      "---\n"
      "model-index:\n"
      "- name: m\n"
      "  results:\n"
      "  - task:\n"
      "      type: image-classification\n"
      "    metrics:\n"
      "    - type: acc\n"
      "      value: 0.9\n"
      "    - type: no-value\n"
      "---\n");
  ASSERT_EQ(card.front_matter.eval_results.size(), 1u);
  EXPECT_EQ(card.front_matter.eval_results[0].dataset_type, "");
  EXPECT_EQ(card.front_matter.eval_results[0].metric_value, "0.9");
  EXPECT_EQ(card.front_matter.eval_results[0].line, 9);
}

TEST(ModelCardTest, NoFrontMatter) {
  const ModelCard card = Parse("# MyCoolModel\n\nNo metadata here.\n");
  EXPECT_FALSE(card.front_matter.present);
  EXPECT_TRUE(card.front_matter_error.ok());
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].line, 1);
  EXPECT_EQ(card.sections[0].end_line, 3);
  EXPECT_TRUE(card.sections[0].filled);
}

TEST(ModelCardTest, EmptyCard) {
  const ModelCard card = Parse("");
  EXPECT_FALSE(card.front_matter.present);
  EXPECT_TRUE(card.sections.empty());
  EXPECT_EQ(card.Line(1), "");
}

TEST(ModelCardTest, EmptyFrontMatterIsAnEmptyMap) {
  const ModelCard card = Parse("---\n\n---\n# Title\n");
  EXPECT_TRUE(card.front_matter.present);
  EXPECT_TRUE(card.front_matter_error.ok());
  EXPECT_TRUE(card.front_matter.keys.empty());
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].line, 4);
}

TEST(ModelCardTest, LeadingWhitespaceBeforeFrontMatter) {
  const ModelCard card = Parse("\n  \n---\nlicense: mit\n---\n# T\n");
  EXPECT_TRUE(card.front_matter.present);
  EXPECT_EQ(card.front_matter.first_line, 3);
  EXPECT_EQ(card.front_matter.last_line, 5);
  EXPECT_EQ(Lines(card.front_matter.license), Ints({4}));
}

TEST(ModelCardTest, CrlfLineBreaks) {
  const ModelCard card = Parse(
      "---\r\n"
      "license: mit\r\n"
      "language: eo\r\n"
      "widget:\r\n"
      "- text: \"Jen la komenco de bela <mask>.\"\r\n"
      "---\r\n"
      "\r\n"
      "# Hello old Windows line breaks\r\n"
      "\r\n"
      "See [code](https://github.com/o/r).\r\n");
  EXPECT_TRUE(card.front_matter_error.ok());
  EXPECT_EQ(card.front_matter.last_line, 6);
  EXPECT_EQ(Values(card.front_matter.license), Strings({"mit"}));
  EXPECT_EQ(Lines(card.front_matter.language), Ints({3}));
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].heading, "Hello old Windows line breaks");
  EXPECT_EQ(card.sections[0].line, 8);
  EXPECT_EQ(card.sections[0].end_line, 10);
  EXPECT_EQ(card.Line(8), "# Hello old Windows line breaks");  // no \r
  ASSERT_EQ(card.links.size(), 1u);
  EXPECT_EQ(card.links[0].line, 10);
}

TEST(ModelCardTest, DoubledCarriageReturns) {
  // Some real cards end lines with "\r\r\n": two line breaks, as when read with universal
  // newlines (what huggingface_hub does).
  const ModelCard card = Parse("---\r\r\nlicense: other\r\r\n---\r\r\n\r\r\n# Overview\r\r\n");
  EXPECT_TRUE(card.front_matter.present);
  EXPECT_TRUE(card.front_matter_error.ok());
  EXPECT_EQ(Lines(card.front_matter.license), Ints({3}));
  EXPECT_EQ(card.front_matter.last_line, 5);
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].line, 9);
}

TEST(ModelCardTest, ByteOrderMarkIsStripped) {
  const ModelCard card = Parse("\xEF\xBB\xBF---\nlicense: mit\n---\n# Title\n");
  EXPECT_TRUE(card.front_matter.present);
  EXPECT_EQ(Values(card.front_matter.license), Strings({"mit"}));
  EXPECT_EQ(card.text, "---\nlicense: mit\n---\n# Title\n");
  EXPECT_EQ(card.Line(1), "---");
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].heading, "Title");
}

TEST(ModelCardTest, UnterminatedFrontMatterIsAnError) {
  const ModelCard card = Parse("---\nlicense: mit\ntags: [a]\n\n# Title\n\nBody.\n");
  EXPECT_FALSE(card.front_matter.present);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kCorruption);
  EXPECT_EQ(card.front_matter_error.message(),
            "line 1: YAML front matter opened with '---' is never closed");
  EXPECT_TRUE(card.front_matter.license.empty());
  ASSERT_EQ(card.sections.size(), 1u);  // the Markdown is still read
  EXPECT_EQ(card.sections[0].line, 5);
}

TEST(ModelCardTest, LeadingRuleIsNotFrontMatter) {
  // Stanford Alpaca's model_card.md starts with a Markdown rule and no YAML.
  const ModelCard card = Parse("---\n# Alpaca Model Card\n\n## Model details\nText.\n");
  EXPECT_FALSE(card.front_matter.present);
  EXPECT_TRUE(card.front_matter_error.ok());
  ASSERT_EQ(card.sections.size(), 2u);
  EXPECT_EQ(card.sections[0].line, 2);
  EXPECT_EQ(card.sections[1].line, 4);
}

TEST(ModelCardTest, BrokenYamlNamesTheCardLine) {
  const ModelCard card = Parse(
      "---\n"                 // 1
      "license: mit\n"        // 2
      "tags:\n"               // 3
      "- a\n"                 // 4
      "pipeline_tag: x: y\n"  // 5: a second ': ' in a plain scalar
      "---\n"                 // 6
      "\n"                    // 7
      "# Title\n"             // 8
      "\n"                    // 9
      "## Uses\n"             // 10
      "Use it.\n");           // 11
  EXPECT_TRUE(card.front_matter.present);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kCorruption);
  EXPECT_EQ(card.front_matter_error.message().rfind("line 5: YAML error: ", 0), 0u)
      << card.front_matter_error.message();
  ASSERT_EQ(card.sections.size(), 2u);
  EXPECT_EQ(card.sections[0].line, 8);
  EXPECT_EQ(card.sections[1].line, 10);
  EXPECT_TRUE(card.sections[1].filled);
}

// The message names the line only; the caller puts the file name in front of it once.
TEST(ModelCardTest, BrokenYamlErrorNamesTheLineOnly) {
  ModelCard card;
  card.file = "MODEL_CARD.md";
  ASSERT_OK(ParseModelCard("\n\n---\na: [1, 2\n---\n", DefaultLimits(), &card));
  EXPECT_EQ(card.file, "MODEL_CARD.md");
  EXPECT_EQ(card.front_matter_error.message().rfind("line 4: YAML error: ", 0), 0u)
      << card.front_matter_error.message();
}

TEST(ModelCardTest, TabIndentationIsAYamlError) {
  const ModelCard card = Parse("---\nlicense: mit\ntags:\n\t- a\n---\n# T\n");
  EXPECT_FALSE(card.front_matter_error.ok());
  EXPECT_NE(card.front_matter_error.message().find("line 4"), std::string::npos)
      << card.front_matter_error.message();
}

TEST(ModelCardTest, NonMapRootIsAnError) {
  // huggingface_hub's sample_invalid_card_data.md.
  const ModelCard list = Parse("---\n[]\n---\n\n# invalid-card-data\n");
  EXPECT_TRUE(list.front_matter.present);
  EXPECT_EQ(list.front_matter_error.code(), Status::Code::kCorruption);
  EXPECT_EQ(list.front_matter_error.message(),
            "line 2: YAML front matter is a list, not a map");
  ASSERT_EQ(list.sections.size(), 1u);

  const ModelCard scalar = Parse("---\njust text\n---\n");
  EXPECT_EQ(scalar.front_matter_error.message(),
            "line 2: YAML front matter is a scalar, not a map");
}

TEST(ModelCardTest, BillionLaughsFailsFast) {
  std::string yaml = "---\nlol: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  char prev = 'a';
  for (char name = 'b'; name <= 'j'; ++name) {
    yaml += std::string("l") + name + ": &" + name + " [";
    for (int i = 0; i < 12; ++i) yaml += std::string(i ? "," : "") + "*" + prev;
    yaml += "]\n";
    prev = name;
  }
  yaml += "license: *j\ntags: *j\n---\n# After\n";
  const auto start = std::chrono::steady_clock::now();
  const ModelCard card = Parse(yaml);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 2.0);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kTooLarge);
  EXPECT_NE(card.front_matter_error.message().find("more than 100 aliases"), std::string::npos)
      << card.front_matter_error.message();
  EXPECT_EQ(card.sections.size(), 1u);
}

// n x n x n metrics in model-index, written with 3n aliases.
std::string AliasedModelIndex(int n) {
  const auto refs = [n](const char* name) {
    std::string out = "[";
    for (int i = 0; i < n; ++i) out += std::string(i ? "," : "") + "*" + name;
    return out + "]";
  };
  return "---\n"
         "m: &m {type: acc, value: 1}\n"
         "ms: &ms " +
         refs("m") +
         "\n"
         "r: &r {task: {type: t}, dataset: {type: d, name: n}, metrics: *ms}\n"
         "rs: &rs " +
         refs("r") +
         "\n"
         "mod: &mod {name: x, results: *rs}\n"
         "model-index: " +
         refs("mod") +
         "\n"
         "---\n";
}

TEST(ModelCardTest, AliasesUnderTheLimitCannotBlowUpTheWalk) {
  // 90 aliases (under the alias limit), but walking model-index through them visits 27,000
  // metrics: the walk's node budget (yaml_nodes) stops it.
  const std::string yaml = AliasedModelIndex(30);
  const ModelCard card = Parse(yaml);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kTooLarge);
  EXPECT_NE(card.front_matter_error.message().find("more than 100000 nodes visited"),
            std::string::npos)
      << card.front_matter_error.message();
  Limits limits;
  limits.yaml_nodes = 1000;
  EXPECT_EQ(Parse(AliasedModelIndex(10), limits).front_matter_error.code(),
            Status::Code::kTooLarge);

  // A smaller expansion is read in full.
  const ModelCard small = Parse(AliasedModelIndex(10));
  EXPECT_TRUE(small.front_matter_error.ok()) << small.front_matter_error.ToString();
  EXPECT_EQ(small.front_matter.eval_results.size(), 1000u);
}

TEST(ModelCardTest, DeepFlowNestingIsRefused) {
  const std::string deep = "---\nlicense: mit\nx: " + std::string(100000, '[') +
                           std::string(100000, ']') + "\n---\n# After\n";
  const ModelCard card = Parse(deep);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kTooLarge);
  EXPECT_NE(card.front_matter_error.message().find("line 3: YAML front matter: "
                                                   "nesting deeper than 64"),
            std::string::npos)
      << card.front_matter_error.message();
  EXPECT_EQ(card.sections.size(), 1u);
}

TEST(ModelCardTest, DeepBlockNestingIsRefused) {
  std::string yaml = "---\n";
  for (int i = 0; i < 200; ++i) yaml += std::string(static_cast<size_t>(i), ' ') + "k:\n";
  yaml += "---\n";
  const ModelCard card = Parse(yaml);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kTooLarge);
  EXPECT_NE(card.front_matter_error.message().find("nesting deeper than 64"), std::string::npos);

  // Within the limit it is fine.
  std::string ok = "---\n";
  for (int i = 0; i < 60; ++i) ok += std::string(static_cast<size_t>(i), ' ') + "k:\n";
  ok += "---\n";
  EXPECT_TRUE(Parse(ok).front_matter_error.ok());
}

TEST(ModelCardTest, NodeCountIsBounded) {
  std::string yaml = "---\ntags:\n";
  for (int i = 0; i < 200; ++i) yaml += "- t" + std::to_string(i) + "\n";
  yaml += "---\n";
  Limits limits;
  limits.yaml_nodes = 100;
  const ModelCard card = Parse(yaml, limits);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kTooLarge);
  EXPECT_NE(card.front_matter_error.message().find("more than 100 nodes"), std::string::npos);
  EXPECT_EQ(Parse(yaml).front_matter.tags.size(), 200u);
}

TEST(ModelCardTest, OversizedFrontMatterIsSkipped) {
  Limits limits;
  limits.front_matter_bytes = 16;
  const ModelCard card = Parse("---\nlicense: apache-2.0\ntags: [a, b]\n---\n# T\n", limits);
  EXPECT_TRUE(card.front_matter.present);
  EXPECT_EQ(card.front_matter.last_line, 4);
  EXPECT_EQ(card.front_matter_error.code(), Status::Code::kTooLarge);
  EXPECT_TRUE(card.front_matter.license.empty());
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].line, 5);
}

TEST(ModelCardTest, OversizedCardIsTooLarge) {
  Limits limits;
  limits.card_bytes = 100;
  ModelCard card;
  const Status s = ParseModelCard(std::string(101, 'x'), limits, &card);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  ASSERT_OK(ParseModelCard(std::string(100, 'x'), limits, &card));
}

TEST(ModelCardTest, PlaceholderSectionsAreNotFilled) {
  const ModelCard card = Parse(
      "# Model Card for M\n"                                        // 1
      "\n"                                                          // 2
      "## Model Details\n"                                          // 3
      "\n"                                                          // 4
      "### Model Description\n"                                     // 5
      "\n"                                                          // 6
      "<!-- Provide a longer summary of what this model is. -->\n"  // 7
      "\n"                                                          // 8
      "- **Developed by:** [More Information Needed]\n"             // 9
      "- **Funded by [optional]:** [More Information Needed]\n"     // 10
      "\n"                                                          // 11
      "## Training Details\n"                                       // 12
      "\n"                                                          // 13
      "### Training Data\n"                                         // 14
      "\n"                                                          // 15
      "[More Information Needed]\n"                                 // 16
      "\n"                                                          // 17
      "### Training Procedure\n"                                    // 18
      "\n"                                                          // 19
      "Trained for 3 epochs on 8 GPUs.\n"                           // 20
      "\n"                                                          // 21
      "## Evaluation\n"                                             // 22
      "\n"                                                          // 23
      "<!--\n"                                                      // 24
      "This section describes the evaluation.\n"                    // 25
      "-->\n"                                                       // 26
      "\n"                                                          // 27
      "## License\n"                                                // 28
      "- **License:** [More Information Needed] but see LICENSE\n"  // 29
      "## Empty\n");                                                // 30
  ASSERT_EQ(card.sections.size(), 9u);
  const auto* details = card.FindSection("Model Details");
  ASSERT_NE(details, nullptr);
  EXPECT_FALSE(details->filled);
  EXPECT_EQ(details->end_line, 11);
  const auto* description = card.FindSection("Model Description");
  ASSERT_NE(description, nullptr);
  EXPECT_FALSE(description->filled);
  EXPECT_EQ(description->end_line, 11);
  const auto* data = card.FindSection("Training Data");
  ASSERT_NE(data, nullptr);
  EXPECT_FALSE(data->filled);
  EXPECT_EQ(data->line, 14);
  EXPECT_EQ(data->end_line, 17);
  const auto* procedure = card.FindSection("Training Procedure");
  ASSERT_NE(procedure, nullptr);
  EXPECT_TRUE(procedure->filled);
  // A parent is filled when one of its subsections is; own_filled looks at its own text only.
  const auto* training = card.FindSection("Training Details");
  ASSERT_NE(training, nullptr);
  EXPECT_TRUE(training->filled);
  EXPECT_FALSE(training->own_filled);
  EXPECT_EQ(training->end_line, 21);
  const auto* evaluation = card.FindSection("Evaluation");
  ASSERT_NE(evaluation, nullptr);
  EXPECT_FALSE(evaluation->filled);  // only an HTML comment
  const auto* license = card.FindSection("License");
  ASSERT_NE(license, nullptr);
  EXPECT_TRUE(license->filled);
  const auto* empty = card.FindSection("Empty");
  ASSERT_NE(empty, nullptr);
  EXPECT_FALSE(empty->filled);
  EXPECT_EQ(empty->end_line, 30);
  // The title section spans everything and has filled subsections.
  EXPECT_TRUE(card.sections[0].filled);
  EXPECT_FALSE(card.sections[0].own_filled);
  EXPECT_EQ(card.sections[0].end_line, 30);
}

TEST(ModelCardTest, ImagesCodeAndTablesAreContent) {
  const ModelCard card = Parse(
      "## Logo\n\n![](logo.png)\n\n"
      "## Code\n\n```\nx = 1\n```\n\n"
      "## Table\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
      "## Html\n\n<p align=\"center\"><img src=\"x.png\"></p>\n\n"
      "## Rule\n\n---\n");
  for (const char* name : {"Logo", "Code", "Table", "Html"}) {
    const auto* s = card.FindSection(name);
    ASSERT_NE(s, nullptr) << name;
    EXPECT_TRUE(s->filled) << name;
  }
  ASSERT_NE(card.FindSection("Rule"), nullptr);
  EXPECT_FALSE(card.FindSection("Rule")->filled);
}

TEST(ModelCardTest, OptionalSuffixIsDropped) {
  const ModelCard card = Parse(
      "## Training Data [optional]\n\nSome data.\n\n"
      "#### Speeds, Sizes, Times [Optional]\n\n"
      "## [optional]\n");
  ASSERT_EQ(card.sections.size(), 3u);
  EXPECT_EQ(card.sections[0].heading, "Training Data");
  EXPECT_EQ(card.sections[0].level, 2);
  EXPECT_EQ(card.sections[1].heading, "Speeds, Sizes, Times");
  EXPECT_EQ(card.sections[1].level, 4);
  EXPECT_EQ(card.sections[2].heading, "");
  const CardSection* s = card.FindSection("training data [optional]");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->line, 1);
  EXPECT_TRUE(s->filled);
}

TEST(ModelCardTest, HeadingTextIsPlain) {
  const ModelCard card = Parse(
      "# **Bold** `code` &amp; [link](https://example.com)   spaced\n"
      "\n"
      "Setext heading\n"
      "==============\n"
      "\n"
      "##\n"
      "\n"
      "# ![logo](logo.png)\n"
      "\n"
      "## Last <small>(v2)</small>\n");
  ASSERT_EQ(card.sections.size(), 5u);
  EXPECT_EQ(card.sections[0].heading, "Bold code & link spaced");
  EXPECT_EQ(card.sections[1].heading, "Setext heading");
  EXPECT_EQ(card.sections[1].line, 3);
  EXPECT_EQ(card.sections[1].level, 1);
  EXPECT_EQ(card.sections[2].heading, "");
  EXPECT_EQ(card.sections[2].line, 6);
  EXPECT_EQ(card.sections[3].heading, "logo");
  EXPECT_EQ(card.sections[3].line, 8);
  EXPECT_EQ(card.sections[4].heading, "Last (v2)");
  EXPECT_EQ(card.sections[4].line, 10);
  EXPECT_EQ(card.sections[2].end_line, 7);
}

TEST(ModelCardTest, HeadingsWithoutTextKeepDocumentOrder) {
  // Found by fuzzing: an empty heading in a block quote used to take the line of a later "##".
  const ModelCard card = Parse(
      "Title\n"                             // 1
      "=====\n"                             // 2
      "\n"                                  // 3
      "> ##\n"                              // 4
      "> with text\n"                       // 5
      "\n"                                  // 6
      "- ## \n"                             // 7
      "\n"                                  // 8
      "# ![][r]\n"                          // 9: a reference image: its source is on line 13
      "\n"                                  // 10
      "##\n"                                // 11
      "\n"                                  // 12
      "[r]: https://example.com/a.png\n");  // 13
  ASSERT_EQ(card.sections.size(), 5u);
  EXPECT_EQ(card.sections[0].line, 1);
  EXPECT_EQ(card.sections[1].line, 4);
  EXPECT_EQ(card.sections[2].line, 7);
  EXPECT_EQ(card.sections[3].line, 9);
  EXPECT_EQ(card.sections[4].line, 11);
  EXPECT_FALSE(card.sections[3].filled);  // the image belongs to the heading
}

TEST(ModelCardTest, HeadingsInCodeBlocksAreNotSections) {
  const ModelCard card = Parse("# Real\n\n```\n# not a heading\n```\n\n    # indented code\n");
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].heading, "Real");
}

TEST(ModelCardTest, FindSectionIgnoresCaseAndLevel) {
  const ModelCard card = Parse("# Uses\n\nx\n\n### Bias, Risks, and Limitations\n\ny\n");
  const CardSection* s = card.FindSection("bias, RISKS, and limitations");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->level, 3);
  EXPECT_EQ(s->line, 5);
  EXPECT_NE(card.FindSection("  USES "), nullptr);
  EXPECT_EQ(card.FindSection("Uses and more"), nullptr);
  EXPECT_EQ(card.FindSection(""), nullptr);
}

TEST(ModelCardTest, LinksOfEachKind) {
  const ModelCard card = Parse(
      "---\n"                                                                           // 1
      "license: mit\n"                                                                  // 2
      "---\n"                                                                           // 3
      "# Links\n"                                                                       // 4
      "Code: [repo](https://github.com/org/repo) and [lab](https://gitlab.com/g/p).\n"  // 5
      "Paper: [arXiv](https://arxiv.org/abs/2401.00001), <https://doi.org/10.1/x>.\n"   // 6
      "Data: [set](https://huggingface.co/datasets/org/set)\n"                          // 7
      "Model: [base](https://huggingface.co/org/model)\n"                               // 8
      "Other: [site](https://example.com/) and [the paper][ref].\n"                     // 9
      "<a href=\"https://openreview.net/forum?id=abc&amp;x=1\">OpenReview</a>\n"        // 10
      "\n"                                                                              // 11
      "[ref]: https://aclanthology.org/2021.acl-long.330.pdf\n");                       // 12
  struct Want {
    std::string url, text;
    LinkKind kind;
    int line;
  };
  const std::vector<Want> want = {
      {"https://github.com/org/repo", "repo", LinkKind::kCodeRepository, 5},
      {"https://gitlab.com/g/p", "lab", LinkKind::kCodeRepository, 5},
      {"https://arxiv.org/abs/2401.00001", "arXiv", LinkKind::kPaper, 6},
      {"https://doi.org/10.1/x", "https://doi.org/10.1/x", LinkKind::kPaper, 6},
      {"https://huggingface.co/datasets/org/set", "set", LinkKind::kDataset, 7},
      {"https://huggingface.co/org/model", "base", LinkKind::kModel, 8},
      {"https://example.com/", "site", LinkKind::kOther, 9},
      {"https://aclanthology.org/2021.acl-long.330.pdf", "the paper", LinkKind::kPaper, 9},
      {"https://openreview.net/forum?id=abc&x=1", "https://openreview.net/forum?id=abc&x=1",
       LinkKind::kPaper, 10},
  };
  ASSERT_EQ(card.links.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(card.links[i].url, want[i].url) << i;
    EXPECT_EQ(card.links[i].text, want[i].text) << i;
    EXPECT_EQ(LinkKindName(card.links[i].kind), LinkKindName(want[i].kind)) << i;
    EXPECT_EQ(card.links[i].line, want[i].line) << i;
  }
}

TEST(ModelCardTest, BareUrlsAreLinks) {
  const ModelCard card = Parse(
      "# Sources\n"
      "\n"
      "Repository: https://github.com/org/bare\n"
      "Paper: see https://arxiv.org/pdf/2401.00001 for details.\n"
      "Home: www.example.org\n"
      "`https://github.com/not/a-link` in code\n");
  ASSERT_EQ(card.links.size(), 3u);
  EXPECT_EQ(card.links[0].url, "https://github.com/org/bare");
  EXPECT_EQ(card.links[0].kind, LinkKind::kCodeRepository);
  EXPECT_EQ(card.links[0].line, 3);
  EXPECT_EQ(card.links[1].url, "https://arxiv.org/pdf/2401.00001");
  EXPECT_EQ(card.links[1].kind, LinkKind::kPaper);
  EXPECT_EQ(card.links[1].line, 4);
  EXPECT_EQ(card.links[2].kind, LinkKind::kOther);
  EXPECT_EQ(card.links[2].line, 5);
  EXPECT_NE(card.links[2].url.find("www.example.org"), std::string::npos);
}

TEST(LinkKindTest, ClassifyLink) {
  struct Case {
    std::string_view url;
    LinkKind kind;
  };
  const Case cases[] = {
      {"https://github.com/meta-llama/llama3", LinkKind::kCodeRepository},
      {"http://www.github.com/org/repo/tree/main/src", LinkKind::kCodeRepository},
      {"HTTPS://GitHub.com/Org/Repo", LinkKind::kCodeRepository},
      {"https://bitbucket.org/o/r", LinkKind::kCodeRepository},
      {"https://codeberg.org/o/r", LinkKind::kCodeRepository},
      {"github.com/org/repo", LinkKind::kCodeRepository},
      {"https://github.com/org", LinkKind::kOther},
      {"https://github.com/orgs/org/repositories", LinkKind::kOther},
      {"https://github.com/org/repo/raw/main/logo.png", LinkKind::kOther},
      {"https://github.com/org/repo/blob/main/paper.pdf", LinkKind::kPaper},
      {"https://gist.github.com/u/123", LinkKind::kOther},
      {"https://arxiv.org/abs/2307.09288", LinkKind::kPaper},
      {"https://export.arxiv.org/abs/2307.09288v2", LinkKind::kPaper},
      {"https://arxiv.org", LinkKind::kOther},
      {"https://doi.org/10.18653/v1/2021.acl-long.330", LinkKind::kPaper},
      {"https://aclanthology.org/2021.acl-long.330/", LinkKind::kPaper},
      {"https://openreview.net/forum?id=xyz", LinkKind::kPaper},
      {"https://papers.nips.cc/paper/2020/hash/abc-Abstract.html", LinkKind::kPaper},
      {"https://proceedings.neurips.cc/paper/2022/file/x.pdf", LinkKind::kPaper},
      {"https://example.com/report.PDF?download=1", LinkKind::kPaper},
      {"./paper.pdf", LinkKind::kPaper},
      {"https://huggingface.co/papers/2401.00001", LinkKind::kPaper},
      {"https://huggingface.co/datasets/HuggingFaceFW/fineweb", LinkKind::kDataset},
      {"https://huggingface.co/datasets/squad", LinkKind::kDataset},
      {"https://huggingface.co/datasets", LinkKind::kOther},
      {"https://huggingface.co/meta-llama/Llama-3.1-8B", LinkKind::kModel},
      {"https://huggingface.co/org/m/blob/main/LICENSE", LinkKind::kModel},
      {"https://hf.co/org/m", LinkKind::kModel},
      {"https://huggingface.co/spaces/org/demo", LinkKind::kOther},
      {"https://huggingface.co/docs/transformers/index", LinkKind::kOther},
      {"https://huggingface.co/blog/llama3", LinkKind::kOther},
      {"https://huggingface.co/meta-llama", LinkKind::kOther},
      {"https://huggingface.co/", LinkKind::kOther},
      {"https://example.com/github.com/org/repo", LinkKind::kOther},
      {"https://github.com.evil.example/org/repo", LinkKind::kOther},
      {"mailto:someone@example.com", LinkKind::kOther},
      {"LICENSE", LinkKind::kOther},
      {"#model-details", LinkKind::kOther},
      {"", LinkKind::kOther},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(LinkKindName(ClassifyLink(c.url)), LinkKindName(c.kind)) << c.url;
  }
}

TEST(LinkKindTest, Names) {
  EXPECT_EQ(LinkKindName(LinkKind::kCodeRepository), "code-repository");
  EXPECT_EQ(LinkKindName(LinkKind::kPaper), "paper");
  EXPECT_EQ(LinkKindName(LinkKind::kDataset), "dataset");
  EXPECT_EQ(LinkKindName(LinkKind::kModel), "model");
  EXPECT_EQ(LinkKindName(LinkKind::kOther), "other");
}

TEST(ModelCardTest, LineReturnsLinesWithoutTerminators) {
  const ModelCard card = Parse("a\r\nb\rc\n\nd");
  EXPECT_EQ(card.Line(0), "");
  EXPECT_EQ(card.Line(1), "a");
  EXPECT_EQ(card.Line(2), "b");
  EXPECT_EQ(card.Line(3), "c");
  EXPECT_EQ(card.Line(4), "");
  EXPECT_EQ(card.Line(5), "d");
  EXPECT_EQ(card.Line(6), "");
  // A card built by hand has no line table: Line() walks the text.
  ModelCard manual;
  manual.text = "a\r\nb\rc\n\nd";
  for (int n = 0; n <= 7; ++n) EXPECT_EQ(manual.Line(n), card.Line(n)) << n;
}

TEST(ModelCardTest, ReparseResetsEverythingButTheFile) {
  ModelCard card;
  card.file = "README.md";
  ASSERT_OK(ParseModelCard("---\nlicense: mit\n---\n# A\n[x](https://github.com/o/r)\n",
                           DefaultLimits(), &card));
  ASSERT_OK(ParseModelCard("plain\n", DefaultLimits(), &card));
  EXPECT_EQ(card.file, "README.md");
  EXPECT_FALSE(card.front_matter.present);
  EXPECT_TRUE(card.front_matter.license.empty());
  EXPECT_TRUE(card.sections.empty());
  EXPECT_TRUE(card.links.empty());
  EXPECT_EQ(card.text, "plain\n");
}

TEST(ModelCardTest, NulBytesAndInvalidUtf8DoNotStopTheParse) {
  const std::string text = std::string("---\nlicense: mit\n---\n# T\xff\xfe") + '\0' +
                           "x\n\nbody \xc3\n[a](https://github.com/o/r)\n";
  const ModelCard card = Parse(text);
  EXPECT_EQ(Values(card.front_matter.license), Strings({"mit"}));
  ASSERT_EQ(card.sections.size(), 1u);
  EXPECT_EQ(card.sections[0].line, 4);
  ASSERT_EQ(card.links.size(), 1u);
  EXPECT_EQ(card.links[0].line, 7);
}

}  // namespace
}  // namespace openness
