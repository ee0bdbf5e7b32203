// libFuzzer target for the inventory's scanners (ScanTextForReferences): the text of a file in a
// stranger's codebase. The first byte picks the scanner, the rest is the file. Besides crashes
// and sanitizer reports it checks that every reference points at a line of the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "openness/inventory.h"

using openness::fuzz::Check;

namespace {

constexpr std::string_view kScanners[] = {"python",     "notebook", "yaml",  "json",
                                          "assignments", "modelfile", "dockerfile", "shell"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view scanner = kScanners[data[0] % std::size(kScanners)];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<openness::ModelReference> refs;
  openness::ScanTextForReferences(scanner, "fuzz/input", text, &refs);
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (const openness::ModelReference& r : refs) {
    Check(r.line >= 1 && static_cast<size_t>(r.line) <= lines);
  }
  return 0;
}
