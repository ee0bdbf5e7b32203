#include "openness/model_config.h"

#include <gtest/gtest.h>

#include <string>

#include "test_util.h"

namespace openness {
namespace {

TEST(ModelConfigTest, ReadsArchitectureFamilyAndShape) {
  ModelConfig c;
  ASSERT_OK(ParseModelConfig(R"({
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
    "num_hidden_layers": 32, "torch_dtype": "bfloat16", "rope_theta": 500000.0,
    "rope_scaling": {"factor": 8.0}, "unrelated": [1, 2, 3]})",
                             DefaultLimits(), &c));
  EXPECT_EQ(c.architectures, std::vector<std::string>{"LlamaForCausalLM"});
  ASSERT_TRUE(c.model_type.has_value());
  EXPECT_EQ(*c.model_type, "llama");
  using KV = std::pair<std::string, std::string>;
  EXPECT_EQ(c.hyperparameters, (std::vector<KV>{{"hidden_size", "4096"},
                                                {"num_hidden_layers", "32"},
                                                {"torch_dtype", "bfloat16"},
                                                {"rope_theta", "500000.0"}}));
}

TEST(ModelConfigTest, LoneArchitectureStringAndMissingKeys) {
  ModelConfig c;
  ASSERT_OK(ParseModelConfig(R"({"architectures": "BertModel"})", DefaultLimits(), &c));
  EXPECT_EQ(c.architectures, std::vector<std::string>{"BertModel"});
  EXPECT_FALSE(c.model_type.has_value());
  EXPECT_TRUE(c.hyperparameters.empty());
}

TEST(ModelConfigTest, IgnoresValuesOfTheWrongType) {
  ModelConfig c;
  ASSERT_OK(ParseModelConfig(R"({"architectures": [1, "", {"a": 1}, "T5Model"],
                                 "model_type": 7, "hidden_size": {"x": 1}})",
                             DefaultLimits(), &c));
  EXPECT_EQ(c.architectures, std::vector<std::string>{"T5Model"});
  EXPECT_FALSE(c.model_type.has_value());
  EXPECT_TRUE(c.hyperparameters.empty());
}

TEST(ModelConfigTest, RejectsBrokenAndHostileInput) {
  ModelConfig c;
  EXPECT_EQ(ParseModelConfig("{\"architectures\": [", DefaultLimits(), &c).code(),
            Status::Code::kCorruption);
  EXPECT_EQ(ParseModelConfig("[1, 2]", DefaultLimits(), &c).code(), Status::Code::kCorruption);
  Limits small = DefaultLimits();
  small.nesting_depth = 8;
  const std::string deep = "{\"a\": " + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(ParseModelConfig(deep, small, &c).code(), Status::Code::kTooLarge);
  small.json_file_bytes = 10;
  EXPECT_EQ(ParseModelConfig(R"({"model_type": "llama"})", small, &c).code(),
            Status::Code::kTooLarge);
}

}  // namespace
}  // namespace openness
