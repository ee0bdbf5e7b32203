// Model config: what a release's config.json says about the architecture.
//
// Transformers-style config.json files name the model class ("architectures"), the family
// ("model_type") and the shape of the network (hidden size, layers, heads, vocabulary). The BOM
// writers put these into the model card sections of CycloneDX and SPDX. Only a fixed list of
// top-level scalar keys is kept, so the output stays small and stable.
#ifndef OPENNESS_MODEL_CONFIG_H_
#define OPENNESS_MODEL_CONFIG_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

struct ModelConfig {
  std::string path;                        ///< release-relative path ("config.json")
  std::vector<std::string> architectures;  ///< e.g. "LlamaForCausalLM"
  std::optional<std::string> model_type;   ///< e.g. "llama"
  /// Selected shape keys (hidden_size, num_hidden_layers, ...) rendered as text, in the order of
  /// ConfigHyperparameterKeys().
  std::vector<std::pair<std::string, std::string>> hyperparameters;
};

/// The top-level keys of config.json kept as hyperparameters.
const std::vector<std::string_view>& ConfigHyperparameterKeys();

/// Parses config.json text. Errors (Corruption, TooLarge) name the problem; the input is bounded
/// by limits.json_file_bytes and limits.nesting_depth, and at most 16 architectures are kept.
Status ParseModelConfig(std::string_view json, const Limits& limits, ModelConfig* out);

}  // namespace openness

#endif  // OPENNESS_MODEL_CONFIG_H_
