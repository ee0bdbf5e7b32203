// libFuzzer target for the license text normaliser and the matcher (the built-in index). Besides
// crashes and sanitizer reports it checks: every normalisation pass keeps the number of lines,
// tokens carry lines inside the text, and the matches come in line order, each with a
// confidence in 0..1 and a span and differences inside the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "openness/license_matcher.h"
#include "openness/license_text.h"

using openness::fuzz::Check;

namespace {

int Lines(std::string_view s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const int lines = Lines(text);
  std::string current(text);
  for (const openness::LicenseTextPass& pass : openness::LicenseTextPasses()) {
    current = pass.run(current);
    Check(Lines(current) == lines);
  }
  for (const openness::LicenseToken& t : openness::TokeniseLicenseText(current)) {
    Check(t.line >= 1 && t.line <= lines + 1);
  }
  openness::LicenseMatchOptions options;
  options.max_tokens = 20000;
  const auto matches = openness::LicenseMatcher::Builtin().Match(text, options);
  int previous_start = 0;
  for (const openness::LicenseMatch& m : matches) {
    Check(m.confidence >= 0 && m.confidence <= 1);
    Check(m.start_line >= 1 && m.start_line <= m.end_line && m.end_line <= lines + 1);
    Check(m.start_line >= previous_start);  // in line order
    previous_start = m.start_line;
    Check(!m.key.empty());
    for (const openness::LicenseDifference& d : m.differences) {
      Check(d.line >= 1 && d.end_line <= lines + 1 && d.line <= d.end_line);
    }
  }
  return 0;
}
