#include "openness/known_entities.h"

#include <gtest/gtest.h>

#include "openness/license_keys.h"
#include "openness/report.h"
#include "test_util.h"

namespace openness {
namespace {

TEST(KnownEntitiesTest, BuiltinTablesParseAndUseValidKeys) {
  const KnownEntities& k = KnownEntities::Builtin();
  ASSERT_GT(k.repositories().size(), 20u);
  ASSERT_GT(k.datasets().size(), 10u);
  ASSERT_GT(k.base_models().size(), 20u);
  const LicenseTable& table = LicenseTable::Builtin();
  for (const KnownRepository& r : k.repositories()) {
    EXPECT_NE(table.Find(r.license), nullptr) << r.url << ": " << r.license;
    EXPECT_TRUE(r.source.starts_with("https://")) << r.url;
    EXPECT_FALSE(r.roles.empty()) << r.url;
    for (const std::string& role : r.roles) {
      bool known = false;
      for (std::string_view id : kMofComponents) known = known || id == role;
      EXPECT_TRUE(known) << r.url << ": role " << role;
    }
  }
  for (const KnownDataset& d : k.datasets()) {
    EXPECT_NE(table.Find(d.license), nullptr) << d.id << ": " << d.license;
    for (const std::string& url : d.preprocessing) {
      EXPECT_NE(k.RepositoryByUrl(url), nullptr) << d.id << ": " << url;
    }
  }
  for (const KnownBaseModel& b : k.base_models()) {
    EXPECT_NE(table.Find(b.license), nullptr) << b.family << ": " << b.license;
    for (const std::string& f : b.former_licenses) EXPECT_NE(table.Find(f), nullptr) << f;
    if (b.osaid) {
      EXPECT_FALSE(b.osaid_source.empty()) << b.family;
    }
  }
}

TEST(KnownEntitiesTest, ParseRejectsEntriesWithoutSource) {
  KnownEntities k;
  EXPECT_FALSE(KnownEntities::Parse("repositories:\n  - url: github.com/a/b\n    license: mit\n",
                                    "datasets: []\n", "base_models: []\n", &k)
                   .ok());
  EXPECT_FALSE(
      KnownEntities::Parse("nothing: here\n", "datasets: []\n", "base_models: []\n", &k).ok());
  EXPECT_FALSE(KnownEntities::Parse("repositories: [\n", "", "", &k).ok());
  EXPECT_OK(KnownEntities::Parse("repositories: []\n", "datasets: []\n", "base_models: []\n", &k));
}

TEST(KnownEntitiesTest, GithubUrlsNormalise) {
  EXPECT_EQ(GithubRepositoryOf("https://github.com/EleutherAI/pythia/blob/main/README.md#x"),
            "github.com/eleutherai/pythia");
  EXPECT_EQ(GithubRepositoryOf("https://github.com/allenai/OLMo?tab=readme-ov-file#fine-tuning"),
            "github.com/allenai/olmo");
  EXPECT_EQ(GithubRepositoryOf("https://github.com/huggingface/transformers.git"),
            "github.com/huggingface/transformers");
  EXPECT_EQ(GithubRepositoryOf("https://www.github.com/mosaicml/llm-foundry"),
            "github.com/mosaicml/llm-foundry");
  EXPECT_EQ(GithubRepositoryOf("https://gitlab.com/a/b"), "");
  EXPECT_EQ(GithubRepositoryOf("https://github.com/onlyowner"), "");
}

TEST(KnownEntitiesTest, RepositoriesResolveByAnyUrlAndAlias) {
  const KnownEntities& k = KnownEntities::Builtin();
  const KnownRepository* neox =
      k.FindRepository("https://github.com/EleutherAI/gpt-neox/tree/main");
  ASSERT_NE(neox, nullptr);
  EXPECT_EQ(neox->license, "apache-2.0");
  EXPECT_TRUE(neox->HasRole("training-code"));
  const KnownRepository* axolotl =
      k.FindRepository("https://github.com/OpenAccess-AI-Collective/axolotl");
  ASSERT_NE(axolotl, nullptr);
  EXPECT_EQ(axolotl->url, "github.com/axolotl-ai-cloud/axolotl");
  const KnownRepository* torch = k.FindRepository("https://github.com/pytorch/pytorch");
  ASSERT_NE(torch, nullptr);
  EXPECT_TRUE(torch->LibraryOnly());
  EXPECT_EQ(k.FindRepository("https://github.com/someone/unknown"), nullptr);
}

TEST(KnownEntitiesTest, DatasetsResolveByIdSpellingAndUrl) {
  const KnownEntities& k = KnownEntities::Builtin();
  ASSERT_NE(k.FindDataset("the_pile"), nullptr);
  EXPECT_EQ(k.FindDataset("the_pile")->id, "EleutherAI/pile");
  ASSERT_NE(k.FindDataset("https://huggingface.co/datasets/allenai/dolma"), nullptr);
  EXPECT_EQ(k.FindDataset("ALLENAI/DOLMA")->license, "odc-by");
  EXPECT_EQ(k.FindDataset("someone/private-data"), nullptr);
  const auto phrases = k.FindDatasetPhrases("Trained on the Pile and then on RefinedWeb.");
  ASSERT_EQ(phrases.size(), 2u);
  EXPECT_EQ(phrases[0].entry->id, "EleutherAI/pile");
  EXPECT_EQ(phrases[1].entry->id, "tiiuae/falcon-refinedweb");
  // Case rule: "the stack" in ordinary prose is not The Stack.
  EXPECT_TRUE(k.FindDatasetPhrases("push it on the stack").empty());
}

TEST(KnownEntitiesTest, BaseModelsByIdReuploadAndPhrase) {
  const KnownEntities& k = KnownEntities::Builtin();
  ASSERT_NE(k.FindBaseModel("meta-llama/Meta-Llama-3-8B"), nullptr);
  EXPECT_EQ(k.FindBaseModel("meta-llama/Meta-Llama-3-8B")->license, "llama3");
  EXPECT_EQ(k.FindBaseModel("NousResearch/Meta-Llama-3-8B")->license, "llama3");  // re-upload
  EXPECT_EQ(k.FindBaseModel("meta-llama/Meta-Llama-3.1-8B")->license, "llama3.1");
  EXPECT_EQ(k.FindBaseModel("https://huggingface.co/google/gemma-2b")->license, "gemma");
  EXPECT_EQ(k.FindBaseModel("bigcode/starcoder2-15b")->license, "bigcode-openrail-m");
  EXPECT_EQ(k.FindBaseModel("Qwen/Qwen2.5-72B-Instruct")->license, "qwen");
  EXPECT_EQ(k.FindBaseModel("Qwen/Qwen2.5-7B")->license, "apache-2.0");
  EXPECT_EQ(k.FindBaseModel("EleutherAI/pythia-70m")->osaid, "pass");
  EXPECT_EQ(k.FindBaseModel("someone/something"), nullptr);

  const auto m = k.FindBaseModelPhrases("a Llama2 based chat model");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].entry->family, "Llama 2");
  EXPECT_EQ(k.FindBaseModelPhrases("built on Llama 3.1 weights")[0].entry->family, "Llama 3.1");
  // Versions and sizes.
  EXPECT_EQ(k.FindBaseModelPhrases("Stable Diffusion 2 based")[0].entry->family,
            "Stable Diffusion 2");
  EXPECT_EQ(k.FindBaseModelPhrases("Pythia 12B")[0].entry->family, "Pythia");
}

TEST(KnownEntitiesTest, GlobAndPhraseRules) {
  EXPECT_TRUE(GlobMatch("meta-llama/Llama-2-*", "META-LLAMA/llama-2-7b-hf"));
  EXPECT_TRUE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatch("a*b*c", "axxbyyc"));
  EXPECT_FALSE(GlobMatch("a*b*c", "axxbyy"));
  EXPECT_FALSE(GlobMatch("Meta-Llama-3-*", "Meta-Llama-3.1-8B"));
  EXPECT_TRUE(PhraseAt("The Pile", 0, "the Pile"));
  EXPECT_FALSE(PhraseAt("Piles", 0, "Pile"));
  EXPECT_FALSE(PhraseAt("Llama 3.1", 0, "Llama 3"));
  EXPECT_TRUE(PhraseAt("Llama 3-8B", 0, "Llama 3"));
  EXPECT_FALSE(PhraseAt("Gemma-2 model", 0, "Gemma"));
  EXPECT_TRUE(PhraseAt("Gemma 7B", 0, "Gemma"));
  EXPECT_FALSE(PhraseAt("xGemma", 1, "Gemma"));
}

TEST(KnownEntitiesTest, EvidenceNamesTheDataFile) {
  const Evidence e = KnownEvidence("known-repositories", "github.com/a/b", "https://x", "A is MIT");
  EXPECT_EQ(e.key, "known-repositories:github.com/a/b");
  EXPECT_EQ(e.url, "https://x");
  ASSERT_TRUE(e.excerpt.has_value());
  EXPECT_NE(e.excerpt->find("data/known-repositories.yaml"), std::string::npos);
  EXPECT_FALSE(e.file.has_value());
}

}  // namespace
}  // namespace openness
