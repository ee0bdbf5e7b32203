// Fixtures for the local-source tests: a tiny GGUF file, a Hugging Face cache and an Ollama
// store built in a temporary folder. Header-only (the test CMake globs only *_test.cc).
#ifndef OPENNESS_TESTS_SOURCE_FIXTURES_H_
#define OPENNESS_TESTS_SOURCE_FIXTURES_H_

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace openness::testing {

namespace source_fixtures_detail {
inline void PutU32(std::string* s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline void PutU64(std::string* s, uint64_t v) {
  for (int i = 0; i < 8; ++i) s->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
inline void PutStr(std::string* s, const std::string& v) {
  PutU64(s, v.size());
  s->append(v);
}
}  // namespace source_fixtures_detail

/// A GGUF v3 file with string metadata and one F32 tensor of 2 x 3 elements.
inline std::string TinyGguf(const std::vector<std::pair<std::string, std::string>>& strings) {
  using namespace source_fixtures_detail;
  std::string g = "GGUF";
  PutU32(&g, 3);
  PutU64(&g, 1);  // tensors
  PutU64(&g, strings.size());
  for (const auto& [k, v] : strings) {
    PutStr(&g, k);
    PutU32(&g, 8);  // string
    PutStr(&g, v);
  }
  PutStr(&g, "weight");
  PutU32(&g, 2);
  PutU64(&g, 2);
  PutU64(&g, 3);
  PutU32(&g, 0);  // F32
  PutU64(&g, 0);
  while (g.size() % 32 != 0) g.push_back('\0');
  g.append(24, '\0');
  return g;
}

/// A lower-case hex string of length n made from a seed (not a real hash; the layouts only need
/// the shape).
inline std::string FakeHex(const std::string& seed, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  uint64_t h = 1469598103934665603ull;
  for (char c : seed) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  while (out.size() < n) {
    h = h * 6364136223846793005ull + 1442695040888963407ull;
    out.push_back(kHex[(h >> 33) & 15]);
  }
  return out;
}

/// Adds one snapshot to a Hugging Face cache: each file becomes a blob and a relative symlink
/// from snapshots/<sha>/<path>. With is_main, refs/main names the snapshot.
inline std::filesystem::path AddHfSnapshot(
    const std::filesystem::path& cache, const std::string& repo_folder, const std::string& sha,
    const std::vector<std::pair<std::string, std::string>>& files, bool is_main) {
  namespace fs = std::filesystem;
  const fs::path repo = cache / repo_folder;
  fs::create_directories(repo / "blobs");
  fs::create_directories(repo / "refs");
  const fs::path snap = repo / "snapshots" / sha;
  fs::create_directories(snap);
  for (const auto& [path, bytes] : files) {
    const std::string blob = FakeHex(repo_folder + sha + path + bytes, 64);
    {
      std::ofstream f(repo / "blobs" / blob, std::ios::binary);
      f << bytes;
    }
    const fs::path link = snap / path;
    fs::create_directories(link.parent_path());
    fs::path up;
    for (size_t i = 0, depth = static_cast<size_t>(std::count(path.begin(), path.end(), '/'));
         i < depth + 2; ++i) {
      up /= "..";
    }
    fs::create_symlink(up / "blobs" / blob, link);
  }
  if (is_main) {
    std::ofstream f(repo / "refs" / "main", std::ios::binary);
    f << sha;
  }
  return snap;
}

struct OllamaLayerSpec {
  std::string media_type;  ///< full media type
  std::string bytes;
  bool write_blob = true;
};

/// Writes blobs and a manifest at manifests/<registry>/<ns>/<model>/<tag>; returns the manifest
/// text. Digests are fake (the store never checks them against the content).
inline std::string AddOllamaModel(const std::filesystem::path& store, const std::string& registry,
                                  const std::string& ns, const std::string& model,
                                  const std::string& tag,
                                  const std::vector<OllamaLayerSpec>& layers) {
  namespace fs = std::filesystem;
  fs::create_directories(store / "blobs");
  auto put = [&](const std::string& bytes, bool write) {
    const std::string hex = FakeHex(bytes, 64);
    if (write) {
      std::ofstream f(store / "blobs" / ("sha256-" + hex), std::ios::binary);
      f << bytes;
    }
    return hex;
  };
  const std::string config = R"({"model_format":"gguf","model_family":"llama"})";
  std::string m =
      R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",)";
  m +=
      R"("config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:)" +
      put(config, true) + R"(","size":)" + std::to_string(config.size()) + R"(},"layers":[)";
  for (size_t i = 0; i < layers.size(); ++i) {
    const OllamaLayerSpec& l = layers[i];
    m += std::string(i ? "," : "") + R"({"mediaType":")" + l.media_type + R"(","digest":"sha256:)" +
         put(l.bytes, l.write_blob) + R"(","size":)" + std::to_string(l.bytes.size()) + "}";
  }
  m += "]}";
  const fs::path dir = store / "manifests" / registry / ns / model;
  fs::create_directories(dir);
  std::ofstream f(dir / tag, std::ios::binary);
  f << m;
  return m;
}

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_SOURCE_FIXTURES_H_
