// libFuzzer target for ParseSpdxExpression. Besides crashes and sanitizer reports it checks the
// invariants: a parsed expression prints to canonical text that parses again to the same text,
// its alternatives are bounded and made of its own leaves, and errors carry a message.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "openness/spdx_expression.h"

using openness::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool strict : {false, true}) {
    openness::SpdxParseOptions options;
    options.strict = strict;
    auto e = openness::ParseSpdxExpression(text, options);
    if (!e.ok()) {
      Check(!e.status().message().empty());
      continue;
    }
    const std::string canonical = e->ToString();
    auto again = openness::ParseSpdxExpression(canonical, options);
    Check(again.ok());
    Check(again->ToString() == canonical);
    const auto leaves = e->Licenses();
    Check(!leaves.empty() && leaves.size() <= options.max_licenses);
    const auto alternatives = e->Alternatives(16);
    Check(!alternatives.empty() && alternatives.size() <= 16);
    for (const auto& alt : alternatives) {
      Check(!alt.empty());
      for (const openness::SpdxExpression* l : alt) {
        Check(l->kind == openness::SpdxExpression::Kind::kLicense && !l->id.empty());
      }
    }
  }
  return 0;
}
