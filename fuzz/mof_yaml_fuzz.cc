// libFuzzer target for ParseMofYaml (a Model Openness Tool model file) and the evaluation of what
// it parsed: the class is 0..3 whatever the file says, and writing the model back out is safe.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "openness/limits.h"
#include "openness/mof.h"

using openness::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  openness::MofModel model;
  const openness::Status s = openness::ParseMofYaml(text, openness::DefaultLimits(), &model);
  if (!s.ok()) {
    Check(!s.message().empty());
    return 0;
  }
  const openness::MofEvaluation evaluation = openness::EvaluateMof(model);
  Check(evaluation.mof_class >= 0 && evaluation.mof_class <= 3);
  (void)openness::WriteMofYaml(model);
  return 0;
}
