// ParseModelConfig: architectures, model_type and a few shape keys from config.json.
#include "openness/model_config.h"

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>

namespace openness {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxArchitectures = 16;
constexpr size_t kMaxValueBytes = 200;

// A scalar as text: numbers as JSON writes them, strings as they are, booleans as true/false.
std::optional<std::string> ScalarText(const Json& v) {
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.size() > kMaxValueBytes) return std::nullopt;
    return s;
  }
  if (v.is_boolean() || v.is_number()) return v.dump();
  return std::nullopt;
}

}  // namespace

const std::vector<std::string_view>& ConfigHyperparameterKeys() {
  static const std::vector<std::string_view> kKeys = {
      "hidden_size",
      "num_hidden_layers",
      "num_attention_heads",
      "num_key_value_heads",
      "intermediate_size",
      "vocab_size",
      "max_position_embeddings",
      "hidden_act",
      "torch_dtype",
      "rope_theta",
      "sliding_window",
      "num_local_experts",
      "num_experts",
      "num_experts_per_tok",
      "n_layer",
      "n_head",
      "n_embd",
      "d_model",
  };
  return kKeys;
}

Status ParseModelConfig(std::string_view json, const Limits& limits, ModelConfig* out) {
  if (json.size() > limits.json_file_bytes) {
    return Status::TooLarge("config is " + std::to_string(json.size()) +
                            " bytes, over the limit of " + std::to_string(limits.json_file_bytes));
  }
  const auto& keys = ConfigHyperparameterKeys();
  auto wanted = [&keys](const std::string& key) {
    return key == "architectures" || key == "model_type" ||
           std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  bool too_deep = false;
  // Keeps only the top-level keys we read; everything else is discarded while parsing, so a large
  // config costs no memory. The parser itself is iterative, and depth is bounded here too.
  Json::parser_callback_t keep = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth > static_cast<int>(limits.nesting_depth)) {
      too_deep = true;
      return false;
    }
    if (event == Json::parse_event_t::key && depth == 1) return wanted(parsed.get<std::string>());
    return true;
  };
  Json root;
  try {
    root = Json::parse(json.begin(), json.end(), keep, /*allow_exceptions=*/false);
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("config could not be read: ") + e.what());
  }
  if (too_deep) {
    return Status::TooLarge("config nests deeper than " + std::to_string(limits.nesting_depth));
  }
  if (root.is_discarded()) return Status::Corruption("config is not valid JSON");
  if (!root.is_object()) return Status::Corruption("config is not a JSON object");

  ModelConfig config;
  config.path = out->path;
  if (auto it = root.find("architectures"); it != root.end()) {
    // A lone string is read as a list of one.
    const Json list = it->is_array() ? *it : Json::array({*it});
    for (const Json& a : list) {
      if (config.architectures.size() >= kMaxArchitectures) break;
      if (a.is_string() && !a.get<std::string>().empty() &&
          a.get<std::string>().size() <= kMaxValueBytes) {
        config.architectures.push_back(a.get<std::string>());
      }
    }
  }
  if (auto it = root.find("model_type"); it != root.end() && it->is_string()) {
    if (auto text = ScalarText(*it); text && !text->empty()) config.model_type = *text;
  }
  for (std::string_view key : keys) {
    auto it = root.find(std::string(key));
    if (it == root.end()) continue;
    if (auto text = ScalarText(*it)) config.hyperparameters.emplace_back(std::string(key), *text);
  }
  *out = std::move(config);
  return Status::Ok();
}

}  // namespace openness
