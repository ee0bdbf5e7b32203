// libFuzzer target for ParseHubCommitList: a page of the Hub API's commit list, as a stranger's
// server (or a mirror named by HF_ENDPOINT) may send it. Besides crashes and sanitizer reports it
// checks that an error has a message and that every commit kept has a commit sha for its id.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "openness/hub.h"
#include "openness/limits.h"

using openness::fuzz::Check;

namespace {

bool IsSha(std::string_view s) {
  if (s.size() != 40 && s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  std::vector<openness::HubCommit> commits;
  const openness::Status s = openness::ParseHubCommitList(json, openness::DefaultLimits(), &commits);
  if (!s.ok()) Check(!s.message().empty());
  for (const openness::HubCommit& c : commits) Check(IsSha(c.id));
  return 0;
}
