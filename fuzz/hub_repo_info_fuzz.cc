// libFuzzer target for ParseHubRepoInfo: the Hub API's model and dataset info, as a stranger's
// server (or a mirror named by HF_ENDPOINT) may send it. Besides crashes and sanitizer reports it
// checks that an error has a message and that the accessors of a parsed answer are safe to call.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "openness/hub.h"
#include "openness/hub_evidence.h"
#include "openness/limits.h"

using openness::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  openness::HubRepoInfo info;
  const openness::Status s = openness::ParseHubRepoInfo(json, openness::DefaultLimits(), &info);
  if (!s.ok()) {
    Check(!s.message().empty());
    return 0;
  }
  for (const std::string& key : {"datasets", "base_model", "license", "tags"}) {
    (void)info.CardList(key);
  }
  (void)info.Licenses();
  (void)info.LicenseName();
  return 0;
}
