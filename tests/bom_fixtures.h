// Generated releases for the BOM tests (bom_schema_test.cc, bom_golden_test.cc and the SPDX and
// CycloneDX unit tests): each one exercises different parts of the BOMs. Written by us.
#ifndef OPENNESS_TESTS_BOM_FIXTURES_H_
#define OPENNESS_TESTS_BOM_FIXTURES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openness/scan.h"
#include "test_util.h"

namespace openness::testing {

inline std::string BomU64(uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); }
inline std::string BomU32(uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }

/// A GGUF v3 file with no tensors: string metadata, and uint32 metadata for keys ending in
/// ".count".
inline std::string BomGguf(const std::vector<std::pair<std::string, std::string>>& kvs) {
  std::string b = "GGUF" + BomU32(3) + BomU64(0) + BomU64(kvs.size());
  for (const auto& [k, v] : kvs) {
    b += BomU64(k.size()) + k;
    if (k.ends_with(".count")) {
      b += BomU32(4) + BomU32(static_cast<uint32_t>(std::stoul(v)));
    } else {
      b += BomU32(8) + BomU64(v.size()) + v;
    }
  }
  return b;
}

inline std::string BomSafetensors(std::string_view header_json, size_t data_bytes) {
  return BomU64(header_json.size()) + std::string(header_json) + std::string(data_bytes, '\x01');
}

/// A release with everything a model card can say: a license outside the SPDX list with a link,
/// two training datasets (one our data files know), a model-index with two metrics, the card
/// sections for uses, limitations and training, a code repository, a paper, config.json and a
/// safetensors file.
inline void WriteRichRelease(const TempDir& dir) {
  dir.Write("README.md", R"(---
license: other
license_name: acme-model-license
license_link: https://example.com/acme/LICENSE
language:
- en
- fr
library_name: transformers
pipeline_tag: text-classification
base_model: acme/acme-base
datasets:
- allenai/c4
- acme/support-tickets
tags:
- arxiv:2401.00002
model-index:
- name: acme/classifier
  results:
  - task:
      type: text-classification
    dataset:
      type: nyu-mll/glue
      name: GLUE MRPC
    metrics:
    - type: accuracy
      value: 0.88
    - type: f1
      value: 0.91
---

# Acme Classifier

Sorts support tickets by topic.

## Uses

Routing incoming support tickets to the right team.

## Bias, Risks, and Limitations

It was trained on English and French text only and misreads other languages.

## Training Details

Fine-tuned for three epochs on C4 and on our own tickets.

## Model Sources

- **Repository:** https://github.com/acme/classifier
- **Paper:** https://arxiv.org/abs/2401.00002
)");
  dir.Write("LICENSE", "ACME MODEL LICENSE\n\nYou may use this model to sort tickets.\n");
  dir.Write("config.json", R"({"architectures": ["BertForSequenceClassification"],
    "model_type": "bert", "hidden_size": 768, "num_hidden_layers": 12, "vocab_size": 30522})");
  dir.Write("model.safetensors",
            BomSafetensors(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 16));
}

/// A fine-tune under a license outside the SPDX list (llama3.1), with its weights as Git LFS
/// pointers (their SHA-256 is known without the files).
inline void WriteRestrictedRelease(const TempDir& dir) {
  dir.Write("README.md",
            "---\nlicense: llama3.1\nbase_model: meta-llama/Llama-3.1-8B\n"
            "base_model_relation: finetune\n---\n# A fine-tune\n\nA chat model.\n");
  dir.Write("LICENSE", "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date\n");
  const std::string oid(64, 'e');
  for (const char* shard :
       {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"}) {
    dir.Write(shard, "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid +
                         "\nsize 4976698672\n");
  }
}

/// A single GGUF file that names its license, base model and training dataset in metadata.
inline std::string WriteGgufRelease(const TempDir& dir) {
  return dir
      .Write("tiny.Q8_0.gguf",
             BomGguf(
                 {{"general.architecture", "llama"},
                  {"general.name", "Tiny"},
                  {"general.license", "apache-2.0"},
                  {"general.base_model.count", "1"},
                  {"general.base_model.0.repo_url", "https://huggingface.co/org/tiny-base"},
                  {"general.dataset.count", "1"},
                  {"general.dataset.0.repo_url", "https://huggingface.co/datasets/allenai/dolma"}}))
      .string();
}

/// Scans path (with hashing when asked) and returns the report with the volatile fields fixed:
/// the tool version is "test" and the local path is unset.
inline Report ScanForBom(const std::string& path, bool hash = false) {
  ScanOptions options;
  options.hash = hash;
  ScanResult result;
  Status s = ScanPath(path, options, &result);
  EXPECT_TRUE(s.ok()) << s.ToString();
  result.report.tool_version = "test";
  result.report.subject.path.reset();
  return result.report;
}

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_BOM_FIXTURES_H_
