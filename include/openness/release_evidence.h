// Release evidence: everything read from a release's files, without loading weights.
//
// The second stage of a scan. It parses the card, the weights headers (safetensors, GGUF, pickle
// imports, ONNX metadata), the shard index and the license-like texts. Each parse failure becomes
// a Problem naming the file and offset; the other files are still read.
#ifndef OPENNESS_RELEASE_EVIDENCE_H_
#define OPENNESS_RELEASE_EVIDENCE_H_

#include <optional>
#include <string>
#include <vector>

#include "openness/gguf.h"
#include "openness/hub_evidence.h"
#include "openness/limits.h"
#include "openness/model_card.h"
#include "openness/model_config.h"
#include "openness/onnx.h"
#include "openness/pickle_scan.h"
#include "openness/release.h"
#include "openness/safetensors.h"

namespace openness {

/// What the header of one weights file says. At most one of the optionals is set.
struct WeightsHeader {
  std::string path;
  std::string format;
  std::optional<SafetensorsHeader> safetensors;
  std::optional<GgufFile> gguf;
  std::optional<PickleScan> pickle;
  std::optional<OnnxModel> onnx;
  Status status;  ///< ok, or why the header could not be read
};

/// A license, use-policy or notice file, read whole up to limits.text_file_bytes.
struct TextFile {
  std::string path;
  FileRole role = FileRole::kOther;
  std::string text;
  bool truncated = false;
};

struct ReleaseEvidence {
  Release release;
  std::optional<ModelCard> card;
  std::vector<WeightsHeader> weights;  ///< one per weights file present (not LFS pointers)
  std::optional<ModelConfig> config;  ///< config.json at the release root, when it parses
  std::optional<ShardIndex> shard_index;
  std::string shard_index_path;
  std::vector<TextFile> texts;
  std::vector<Problem> problems;  ///< release listing problems and parse failures
  uint64_t weights_bytes_read = 0;  ///< bytes read from weights files (headers only)
  /// Hub scans only: the API's metadata, dataset-card licenses (hub->datasets), the resolved
  /// base-model chain with licenses (hub->bases) and license history (hub_evidence.h).
  std::optional<HubEvidence> hub;
};

/// Reads the evidence of a listed release. Never fails as a whole: problems are collected.
void CollectEvidence(Release release, const Limits& limits, ReleaseEvidence* out);

}  // namespace openness

#endif  // OPENNESS_RELEASE_EVIDENCE_H_
