#include "fixtures.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace openness::bench {
namespace {

void WriteSparse(const std::string& path, const std::string& head, uint64_t total_size) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(head.data(),
                                                               static_cast<std::streamsize>(head.size()));
  if (::truncate(path.c_str(), static_cast<off_t>(total_size)) != 0) {
    std::perror(path.c_str());
    std::exit(1);
  }
}

std::string U64(uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
std::string U32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }
std::string Str(const std::string& s) { return U64(s.size()) + s; }

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

}  // namespace

void MakeShardedRelease(const std::string& dir) {
  std::filesystem::create_directories(dir);
  constexpr uint64_t kShardBytes = 5'000'000'000;
  constexpr int kShards = 4, kTensors = 290;
  std::string weight_map;
  for (int s = 1; s <= kShards; ++s) {
    char name[64];
    std::snprintf(name, sizeof name, "model-%05d-of-%05d.safetensors", s, kShards);
    // 290 BF16 matrices of 4096 x 2048 (4.87 GB) and one U8 tensor that fills the shard exactly.
    std::string header = "{\"__metadata__\":{\"format\":\"pt\"}";
    uint64_t offset = 0;
    const uint64_t matrix = 4096ull * 2048 * 2;
    for (int t = 0; t < kTensors; ++t) {
      const std::string tname = "layers." + std::to_string(s) + "." + std::to_string(t) + ".weight";
      header += ",\"" + tname + "\":{\"dtype\":\"BF16\",\"shape\":[4096,2048],\"data_offsets\":[" +
                std::to_string(offset) + "," + std::to_string(offset + matrix) + "]}";
      offset += matrix;
      weight_map += std::string(weight_map.empty() ? "" : ",") + "\"" + tname + "\":\"" + name + "\"";
    }
    // Size the header (padded to 8) and a final U8 tensor so that 8 + N + data == kShardBytes.
    std::string tail_probe = ",\"tail\":{\"dtype\":\"U8\",\"shape\":[000000000000],\"data_offsets\":[" +
                             std::to_string(offset) + ",000000000000]}}";
    uint64_t n = header.size() + tail_probe.size();
    n += (8 - n % 8) % 8;
    const uint64_t tail = kShardBytes - 8 - n - offset;
    std::string tail_json = ",\"tail\":{\"dtype\":\"U8\",\"shape\":[" + std::to_string(tail) +
                            "],\"data_offsets\":[" + std::to_string(offset) + "," +
                            std::to_string(offset + tail) + "]}}";
    header += tail_json;
    header.append(n - header.size(), ' ');
    WriteSparse(dir + "/" + name, U64(n) + header, kShardBytes);
  }
  WriteText(dir + "/model.safetensors.index.json",
            "{\"metadata\":{\"total_size\":19999999000},\"weight_map\":{" + weight_map + "}}");
  WriteText(dir + "/README.md",
            "---\nlicense: apache-2.0\nbase_model: org/base\ndatasets:\n- org/data\n---\n"
            "# Big model\n\n## Training Data\n\nPublic web text.\n");
  WriteText(dir + "/LICENSE", "                                 Apache License\n"
                              "                           Version 2.0, January 2004\n");
  WriteText(dir + "/config.json", "{\"architectures\":[\"BigForCausalLM\"]}");
}

void MakeBigGguf(const std::string& path) {
  constexpr uint64_t kKvs = 30'000, kTensors = 291;
  std::string kv;
  kv += Str("general.architecture") + U32(8) + Str("llama");
  kv += Str("general.license") + U32(8) + Str("apache-2.0");
  kv += Str("general.name") + U32(8) + Str("Big");
  // A 32,000-token vocabulary, as tokenizer arrays are in real files.
  kv += Str("tokenizer.ggml.tokens") + U32(9) + U32(8) + U64(32'000);
  for (int i = 0; i < 32'000; ++i) kv += Str("tok" + std::to_string(i));
  for (uint64_t i = 4; i < kKvs; ++i) {
    kv += Str("bench.key." + std::to_string(i)) + U32(4) + U32(static_cast<uint32_t>(i));
  }
  std::string tensors;
  for (uint64_t t = 0; t < kTensors; ++t) {
    tensors += Str("blk." + std::to_string(t) + ".w") + U32(2) + U64(4096) + U64(4096) + U32(1) +
               U64(t * 4096ull * 4096 * 2);
  }
  const std::string head = "GGUF" + U32(3) + U64(kTensors) + U64(kKvs) + kv + tensors;
  WriteSparse(path, head, 40'000'000'000ull);
}

}  // namespace openness::bench
