// libFuzzer target for the pickle scan: the file path (ZIP central directory, member inflation,
// the growing read window over raw streams) and the stream walker on the same bytes. Besides
// crashes and sanitizer reports it checks the invariants of a scan: the worst risk matches the
// imports, imports are distinct, and offsets lie inside the bytes they were found in.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_check.h"
#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/pickle_scan.h"

using openness::fuzz::Check;

namespace {

void CheckScan(const openness::PickleScan& scan, uint64_t max_offset) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const openness::PickleImport& imp : scan.imports) {
    Check(seen.insert({imp.module, imp.name}).second);
    Check(imp.risk <= scan.risk);
    Check(imp.member.empty() || scan.container == openness::PickleContainer::kZip);
    if (scan.container != openness::PickleContainer::kZip) Check(imp.offset < max_offset);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Small limits so inflation and window growth hit their bounds on fuzzer-sized inputs.
  openness::Limits limits = openness::DefaultLimits();
  limits.zip_member_bytes = 1 << 20;
  limits.pickle_scan_bytes = 1 << 20;

  auto src = openness::MemorySource(bytes);
  openness::PickleScan file_scan;
  (void)openness::ScanPickleFile(src.get(), limits, &file_scan);
  CheckScan(file_scan, size);

  openness::PickleScan stream_scan;
  (void)openness::ScanPickleStream(bytes, "", limits, &stream_scan);
  Check(stream_scan.container == openness::PickleContainer::kPlain);
  CheckScan(stream_scan, size);
  for (const openness::PickleImport& imp : stream_scan.imports) {
    Check(openness::PickleRiskName(imp.risk).size() > 0);
  }
  return 0;
}
