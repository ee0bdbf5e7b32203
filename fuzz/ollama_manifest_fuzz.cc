// libFuzzer target for ParseOllamaManifest (manifests/<registry>/<ns>/<model>/<tag> in an Ollama
// store). Besides crashes and sanitizer reports it checks the invariant the store relies on:
// every digest a successful parse returns names a file directly inside blobs/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "openness/limits.h"
#include "openness/local_sources.h"

using openness::fuzz::Check;

namespace {

void CheckLayer(const openness::OllamaLayer& layer) {
  Check(openness::IsOllamaDigest(layer.digest));
  const std::string path = openness::OllamaBlobPath(layer.digest);
  Check(path.size() == 13 + 64 && path.starts_with("blobs/sha256-"));
  Check(path.find("..") == std::string::npos && path.find('/', 6) == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  openness::Limits limits = openness::DefaultLimits();
  for (uint32_t depth : {limits.nesting_depth, 3u}) {
    limits.nesting_depth = depth;
    openness::OllamaManifest m;
    const openness::Status s = openness::ParseOllamaManifest(text, limits, &m);
    Check(s.ok() || !s.message().empty());
    if (!s.ok()) continue;
    Check(m.layers.size() <= openness::kOllamaManifestLayers);
    if (m.config) CheckLayer(*m.config);
    for (const openness::OllamaLayer& l : m.layers) CheckLayer(l);
  }
  return 0;
}
