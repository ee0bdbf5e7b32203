#include "openness/open_washing.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace openness {
namespace {

bool Claims(std::string_view sentence, std::vector<std::string> names = {"deepseek-r1"}) {
  std::string phrase;
  return SentenceClaimsOpenSource(sentence, names, &phrase);
}

TEST(OpenWashingTest, ClaimsAboutThisModel) {
  EXPECT_TRUE(Claims("The intention behind crafting this open-source model is to help."));
  EXPECT_TRUE(Claims("Openjourney is an open source Stable Diffusion fine tuned model."));
  EXPECT_TRUE(Claims("To support the community, we have open-sourced DeepSeek-R1 and six models."));
  EXPECT_TRUE(Claims("The open source DeepSeek-R1, as well as its API, will benefit research."));
  EXPECT_TRUE(Claims("We open-source distilled 1.5B and 7B checkpoints to the community."));
  EXPECT_TRUE(Claims("We release this fully open model."));
  EXPECT_TRUE(Claims("It is the best open-source model currently available."));
  EXPECT_TRUE(Claims("It achieves leading performance among open-source models in agent tasks."));
  EXPECT_TRUE(Claims("The model is open source and matches the quality of larger models."));
  EXPECT_TRUE(Claims("Poro is a fully open source model and is made available under Apache 2.0."));
  EXPECT_TRUE(Claims("The following models are open-sourced:"));
}

TEST(OpenWashingTest, ComparisonsAndOtherThingsAreNotClaims) {
  EXPECT_FALSE(
      Claims("Llama-2-Chat models outperform open-source chat models on most benchmarks."));
  EXPECT_FALSE(Claims("It outperforms comparable open-source models (e.g. MPT-7B)."));
  EXPECT_FALSE(
      Claims("These models are on par with or better than equivalently-sized fully-open "
             "models."));
  EXPECT_FALSE(Claims("We chose to release the model to help the open-source community."));
  EXPECT_FALSE(Claims("We report results on standard open-source benchmarks."));
  EXPECT_FALSE(Claims("Our Purple Llama tools are open sourced for the community to use."));
  EXPECT_FALSE(Claims("The distilled models are fine-tuned based on open-source models."));
  EXPECT_FALSE(Claims("Gemma is a family of lightweight, state-of-the-art open models."));
  EXPECT_FALSE(Claims("C4AI Command R+ is an open weights research release."));
  EXPECT_FALSE(Claims("Thank you to all the other people in the Open Source AI community."));
  EXPECT_FALSE(Claims("We open-source the training code and evaluation scripts."));
  EXPECT_FALSE(
      Claims("Llama has become a cornerstone for most state-of-the-art open-source "
             "models."));
  EXPECT_FALSE(Claims("The door opens slowly."));
}

TEST(OpenWashingTest, FindsClaimSentencesWithLines) {
  ModelCard card;
  card.file = "README.md";
  ASSERT_OK(ParseModelCard(
      "---\nlicense: mit\n---\n# Tiny\n\nSome words. This open-source model is small.\n\n"
      "```python\n# this open-source model in code is skipped\n```\n"
      "<!-- this open-source model in a comment -->\n"
      "| Tiny outperforms open-source models |\n",
      DefaultLimits(), &card));
  const std::vector<OpennessClaim> claims = FindOpenSourceClaims(card, {"tiny"});
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].line, 6);
  EXPECT_EQ(claims[0].sentence, "This open-source model is small.");
  EXPECT_NE(claims[0].phrase.find("open-source model"), std::string::npos);
}

TEST(OpenWashingTest, SentencesSplitOnProseBoundaries) {
  ModelCard card;
  ASSERT_OK(ParseModelCard("# Title\nFirst one. Second\nline continues.\n- item one\n| a | b |\n",
                           DefaultLimits(), &card));
  const std::vector<CardSentence> s = CardSentences(card);
  ASSERT_EQ(s.size(), 6u);
  EXPECT_EQ(s[0].text, "Title");
  EXPECT_EQ(s[1].text, "First one.");
  EXPECT_EQ(s[2].text, "Second line continues.");
  EXPECT_EQ(s[2].line, 2);
  EXPECT_EQ(s[3].text, "item one");
  EXPECT_EQ(s[3].line, 4);
  EXPECT_EQ(s[4].text, "a");
  EXPECT_EQ(s[5].text, "b");
}

}  // namespace
}  // namespace openness
