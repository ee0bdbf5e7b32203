// libFuzzer target for ParseModelConfig (a release's config.json). Besides crashes and sanitizer
// reports it checks the bounds the header promises: at most 16 architectures, and only the
// hyperparameter keys ConfigHyperparameterKeys() names.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "openness/limits.h"
#include "openness/model_config.h"

using openness::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  openness::ModelConfig config;
  const openness::Status s = openness::ParseModelConfig(json, openness::DefaultLimits(), &config);
  if (!s.ok()) {
    Check(!s.message().empty());
    return 0;
  }
  Check(config.architectures.size() <= 16);
  const auto& keys = openness::ConfigHyperparameterKeys();
  for (const auto& [key, value] : config.hyperparameters) {
    Check(std::find(keys.begin(), keys.end(), key) != keys.end());
  }
  return 0;
}
