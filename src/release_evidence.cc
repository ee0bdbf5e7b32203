#include "openness/release_evidence.h"

#include "openness/byte_source.h"

namespace openness {
namespace {

// Reads a whole text file up to max bytes.
Status ReadText(const Release& r, const std::string& path, uint64_t max, std::string* text,
                bool* truncated) {
  if (!r.store) return Status::InvalidArgument("the release has no store to read files from");
  Result<std::unique_ptr<ByteSource>> src = r.store->Open(path);
  if (!src.ok()) return src.status();
  ByteSource* file = src->get();
  const uint64_t n = std::min(file->size(), max);
  *truncated = file->size() > max;
  return file->Read(0, n, text);
}

bool IsShardIndex(const std::string& path) {
  return path.ends_with(".safetensors.index.json") || path.ends_with(".bin.index.json");
}

WeightsHeader ReadWeightsHeader(const Release& r, const ReleaseFile& f, const Limits& limits,
                                uint64_t* bytes_read) {
  WeightsHeader h;
  h.path = f.path;
  h.format = f.format;
  if (!r.store) {
    h.status = Status::InvalidArgument("the release has no store to read files from");
    return h;
  }
  Result<std::unique_ptr<ByteSource>> opened = r.store->Open(f.path);
  if (!opened.ok()) {
    h.status = opened.status();
    return h;
  }
  ByteSource* src = opened->get();
  if (f.format == "safetensors") {
    SafetensorsHeader st;
    h.status = ParseSafetensors(src, limits, &st);
    if (h.status.ok()) h.safetensors = std::move(st);
  } else if (f.format == "gguf") {
    GgufFile g;
    h.status = ParseGguf(src, limits, &g);
    // On error the metadata read before the error is still worth reporting.
    if (h.status.ok() || !g.metadata.empty()) h.gguf = std::move(g);
  } else if (f.format == "pytorch-pickle") {
    PickleScan p;
    h.status = ScanPickleFile(src, limits, &p);
    if (h.status.ok()) h.pickle = std::move(p);
  } else if (f.format == "onnx") {
    OnnxModel m;
    h.status = ParseOnnx(src, limits, &m);
    if (h.status.ok()) h.onnx = std::move(m);
  }
  *bytes_read += src->bytes_read();
  return h;
}

}  // namespace

void CollectEvidence(Release release, const Limits& limits, ReleaseEvidence* out) {
  out->release = std::move(release);
  out->problems = out->release.problems;
  const Release& r = out->release;

  const ReleaseFile* card_file = nullptr;
  for (const ReleaseFile& f : r.files) {
    if (f.role == FileRole::kCard && f.path.find('/') == std::string::npos) {
      // Prefer README.md at the root; MODEL_CARD.md when there is no README.md.
      if (card_file == nullptr || f.path == "README.md") card_file = &f;
    }
  }
  if (card_file != nullptr) {
    std::string text;
    bool truncated = false;
    Status s = ReadText(r, card_file->path, limits.card_bytes + 1, &text, &truncated);
    if (s.ok()) {
      ModelCard card;
      card.file = card_file->path;
      s = ParseModelCard(text, limits, &card);
      if (s.ok()) {
        if (!card.front_matter_error.ok()) {
          out->problems.push_back({card.file, card.front_matter_error});
        }
        out->card = std::move(card);
      }
    }
    if (!s.ok()) out->problems.push_back({card_file->path, s});
  }

  for (const ReleaseFile& f : r.files) {
    if (f.lfs) continue;  // a pointer, not the file
    if (f.role == FileRole::kLicense || f.role == FileRole::kUsePolicy ||
        f.role == FileRole::kNotice) {
      TextFile t;
      t.path = f.path;
      t.role = f.role;
      Status s = ReadText(r, f.path, limits.text_file_bytes, &t.text, &t.truncated);
      if (s.ok()) {
        out->texts.push_back(std::move(t));
      } else {
        out->problems.push_back({f.path, s});
      }
    } else if (f.role == FileRole::kConfig && IsShardIndex(f.path) && !out->shard_index) {
      std::string text;
      bool truncated = false;
      Status s = ReadText(r, f.path, limits.json_file_bytes, &text, &truncated);
      ShardIndex index;
      if (s.ok() && truncated) s = Status::TooLarge("shard index over the JSON size limit");
      if (s.ok()) s = ParseShardIndex(text, limits, &index);
      if (s.ok()) {
        out->shard_index = std::move(index);
        out->shard_index_path = f.path;
      } else {
        out->problems.push_back({f.path, s});
      }
    } else if (f.role == FileRole::kConfig && f.path == "config.json") {
      std::string text;
      bool truncated = false;
      Status s = ReadText(r, f.path, limits.json_file_bytes, &text, &truncated);
      ModelConfig config;
      config.path = f.path;
      if (s.ok() && truncated) s = Status::TooLarge("config over the JSON size limit");
      if (s.ok()) s = ParseModelConfig(text, limits, &config);
      if (s.ok()) {
        out->config = std::move(config);
      } else {
        out->problems.push_back({f.path, s});
      }
    } else if (f.role == FileRole::kWeights) {
      WeightsHeader h = ReadWeightsHeader(r, f, limits, &out->weights_bytes_read);
      if (!h.status.ok()) out->problems.push_back({f.path, h.status});
      out->weights.push_back(std::move(h));
    }
  }
}

}  // namespace openness
