// The Ollama store: manifests/<registry>/<namespace>/<model>/<tag> and blobs/sha256-<hex>, read
// as releases whose files are the blobs the manifest lists.
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <nlohmann/json.hpp>
#include <set>

#include "openness/byte_source.h"
#include "openness/local_sources.h"

namespace fs = std::filesystem;

namespace openness {
namespace {

constexpr std::string_view kDefaultRegistry = "registry.ollama.ai";
constexpr std::string_view kDefaultNamespace = "library";
constexpr std::string_view kMediaPrefix = "application/vnd.ollama.image.";

// Cuts untrusted text for an error message.
std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 80)) {
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  }
  if (s.size() > 80) out += "...";
  return out + "'";
}

// The deepest nesting of [ and { outside strings; stops counting past `limit`.
uint32_t NestingDepth(std::string_view text, uint32_t limit) {
  uint32_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Status ReadLayer(const nlohmann::json& j, const std::string& where, OllamaLayer* out) {
  if (!j.is_object()) return Status::Corruption(where + " is not an object");
  auto media = j.find("mediaType");
  if (media == j.end() || !media->is_string()) {
    return Status::Corruption(where + " has no mediaType string");
  }
  out->media_type = media->get<std::string>();
  auto digest = j.find("digest");
  if (digest == j.end() || !digest->is_string()) {
    return Status::Corruption(where + " has no digest string");
  }
  const std::string& d = digest->get_ref<const std::string&>();
  if (!IsOllamaDigest(d)) {
    return Status::Corruption(where + " digest " + Quote(d) +
                              " is not 'sha256:' followed by 64 lower-case hex digits");
  }
  out->digest = d;
  auto size = j.find("size");
  if (size != j.end()) {
    if (!size->is_number_unsigned()) {
      return Status::Corruption(where + " size is not a non-negative integer");
    }
    out->size = size->get<uint64_t>();
  }
  return Status::Ok();
}

bool IsNamePart(std::string_view s) {
  if (s.empty() || s.size() > 256 || s == "." || s == ".." || s.front() == '.') return false;
  for (char c : s) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string DisplayName(const OllamaModel& m) {
  std::string base;
  if (m.registry == kDefaultRegistry) {
    base = m.ns == kDefaultNamespace ? m.model : m.ns + "/" + m.model;
  } else {
    base = m.registry + "/" + m.ns + "/" + m.model;
  }
  return base + ":" + m.tag;
}

// Opens a regular file that is not a symbolic link.
Result<std::unique_ptr<ByteSource>> OpenNoFollow(const fs::path& p, const std::string& rel) {
  struct stat st;
  if (::lstat(p.c_str(), &st) != 0) return Status::NotFound(rel + ": no such file in the store");
  if (!S_ISREG(st.st_mode)) {
    return Status::InvalidArgument(rel + ": not a regular file (links are not followed)");
  }
  return OpenFileSource(p.string());
}

class OllamaReleaseStore final : public ReleaseStore {
 public:
  explicit OllamaReleaseStore(std::string dir) : dir_(std::move(dir)) {}

  Result<std::unique_ptr<ByteSource>> Open(const std::string& rel_path) override {
    static constexpr std::string_view kBlobs = "blobs/sha256-";
    if (rel_path.starts_with(kBlobs)) {
      const std::string digest = "sha256:" + rel_path.substr(kBlobs.size());
      if (!IsOllamaDigest(digest)) {
        return Status::InvalidArgument(Quote(rel_path) + " is not a blob of the store");
      }
      return OpenNoFollow(fs::path(dir_) / rel_path, rel_path);
    }
    if (rel_path.starts_with("manifests/")) {
      // Only plain components: no "..", no absolute parts.
      const fs::path rel(rel_path);
      for (const fs::path& part : rel) {
        if (!IsNamePart(part.string()) && part.string() != "manifests") {
          return Status::InvalidArgument(Quote(rel_path) + " is not a manifest of the store");
        }
      }
      return OpenNoFollow(fs::path(dir_) / rel, rel_path);
    }
    return Status::InvalidArgument(Quote(rel_path) + " is not a file of the Ollama store");
  }

 private:
  std::string dir_;
};

// The format a weights layer's first bytes show: "gguf", "safetensors", "ggml" or "".
std::string SniffWeights(ReleaseStore* store, const std::string& rel) {
  Result<std::unique_ptr<ByteSource>> src = store->Open(rel);
  if (!src.ok() || src.value()->size() < 9) return "";
  std::string head;
  if (!src.value()->Read(0, 9, &head).ok()) return "";
  if (head.starts_with("GGUF") || head.starts_with("FUGG")) return "gguf";
  if (head.starts_with("lmgg") || head.starts_with("fmgg") || head.starts_with("tjgg")) {
    return "ggml";
  }
  if (head[8] == '{') return "safetensors";
  return "";
}

}  // namespace

std::string DefaultOllamaDir() {
  if (const char* v = std::getenv("OLLAMA_MODELS"); v != nullptr && v[0] != '\0') return v;
  const char* home = std::getenv("HOME");
  return (fs::path(home != nullptr && home[0] != '\0' ? home : ".") / ".ollama" / "models")
      .string();
}

bool IsOllamaDigest(std::string_view digest) {
  if (digest.size() != 7 + 64 || !digest.starts_with("sha256:")) return false;
  for (char c : digest.substr(7)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string OllamaBlobPath(std::string_view digest) {
  return "blobs/sha256-" + std::string(digest.substr(7));
}

Status ParseOllamaManifest(std::string_view json, const Limits& limits, OllamaManifest* out) {
  if (json.size() > kOllamaManifestBytes) {
    return Status::TooLarge("manifest of " + std::to_string(json.size()) + " bytes (limit " +
                            std::to_string(kOllamaManifestBytes) + ")");
  }
  if (const size_t nul = json.find('\0'); nul != std::string_view::npos) {
    return Status::Corruption("manifest is not JSON: NUL byte at byte " + std::to_string(nul));
  }
  if (NestingDepth(json, limits.nesting_depth) > limits.nesting_depth) {
    return Status::TooLarge("manifest nests deeper than " + std::to_string(limits.nesting_depth) +
                            " levels");
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  } catch (const std::bad_alloc&) {
    return Status::TooLarge("manifest: out of memory while parsing");
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("manifest is not valid JSON: ") + e.what());
  }
  if (j.is_discarded()) return Status::Corruption("manifest is not valid JSON");
  if (!j.is_object()) return Status::Corruption("manifest is not a JSON object");

  *out = OllamaManifest();
  if (auto v = j.find("schemaVersion"); v != j.end()) {
    if (!v->is_number_integer()) return Status::Corruption("schemaVersion is not an integer");
    out->schema_version = v->get<int64_t>();
    if (out->schema_version != 2) {
      return Status::Unsupported("manifest schemaVersion " + std::to_string(out->schema_version) +
                                 " (only 2 is read)");
    }
  }
  if (auto v = j.find("mediaType"); v != j.end() && v->is_string()) {
    out->media_type = v->get<std::string>();
  }
  if (auto v = j.find("config"); v != j.end() && !v->is_null()) {
    OllamaLayer config;
    Status s = ReadLayer(*v, "config", &config);
    if (!s.ok()) return s;
    out->config = std::move(config);
  }
  auto layers = j.find("layers");
  if (layers == j.end() || !layers->is_array()) {
    return Status::Corruption("manifest has no layers array");
  }
  if (layers->size() > kOllamaManifestLayers) {
    return Status::TooLarge("manifest lists " + std::to_string(layers->size()) + " layers (limit " +
                            std::to_string(kOllamaManifestLayers) + ")");
  }
  for (size_t i = 0; i < layers->size(); ++i) {
    OllamaLayer layer;
    Status s = ReadLayer((*layers)[i], "layer " + std::to_string(i + 1), &layer);
    if (!s.ok()) return s;
    out->layers.push_back(std::move(layer));
  }
  return Status::Ok();
}

Status ListOllamaModels(const std::string& dir, const Limits& limits, std::vector<OllamaModel>* out,
                        std::vector<Problem>* problems) {
  std::error_code ec;
  const fs::path manifests = fs::path(dir) / "manifests";
  if (!fs::exists(dir, ec)) return Status::NotFound(dir + ": no such folder");
  if (!fs::is_directory(manifests, ec)) {
    return Status::NotFound(dir + ": no manifests/ folder: not an Ollama store");
  }
  fs::recursive_directory_iterator it(manifests, fs::directory_options::skip_permission_denied, ec);
  if (ec) return Status::IOError(manifests.string() + ": " + ec.message());
  uint64_t seen = 0;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      problems->push_back({"manifests", Status::IOError("walking manifests/: " + ec.message())});
      break;
    }
    const std::string rel = it->path().lexically_relative(dir).generic_string();
    std::error_code e2;
    if (it->is_symlink(e2)) {
      problems->push_back({rel, Status::InvalidArgument("symbolic link in manifests/: skipped")});
      if (it->is_directory(e2)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_directory(e2)) {
      if (it.depth() + 1 >= static_cast<int>(limits.release_depth)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(e2)) continue;
    if (++seen > limits.release_files) {
      problems->push_back(
          {"manifests", Status::TooLarge("more than " + std::to_string(limits.release_files) +
                                         " manifests: the rest were not listed")});
      break;
    }
    std::vector<std::string> parts;
    for (const fs::path& p : it->path().lexically_relative(manifests)) parts.push_back(p.string());
    if (!std::all_of(parts.begin(), parts.end(), IsNamePart)) continue;  // .DS_Store and such
    if (parts.size() < 4) {
      problems->push_back(
          {rel, Status::InvalidArgument("not at manifests/<registry>/<namespace>/<model>/<tag>")});
      continue;
    }
    OllamaModel m;
    m.registry = parts.front();
    m.tag = parts.back();
    m.model = parts[parts.size() - 2];
    for (size_t i = 1; i + 2 < parts.size(); ++i) m.ns += (i > 1 ? "/" : "") + parts[i];
    m.manifest_path = rel;
    m.name = DisplayName(m);
    out->push_back(std::move(m));
  }
  std::sort(out->begin(), out->end(),
            [](const OllamaModel& a, const OllamaModel& b) { return a.name < b.name; });
  return Status::Ok();
}

Status FindOllamaModel(const std::string& dir, std::string_view name, const Limits& limits,
                       OllamaModel* out) {
  // Split "[registry/][namespace/]model[:tag]".
  std::string_view path = name, tag = "latest";
  const size_t slash = name.rfind('/');
  const size_t colon = name.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    path = name.substr(0, colon);
    tag = name.substr(colon + 1);
  }
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    parts.emplace_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  if (tag.empty() || !std::all_of(parts.begin(), parts.end(), IsNamePart)) {
    return Status::InvalidArgument(Quote(name) + " is not an Ollama model name");
  }
  std::string registry(kDefaultRegistry), ns(kDefaultNamespace), model = parts.back();
  if (parts.size() == 2) {
    ns = parts[0];
  } else if (parts.size() >= 3) {
    registry = parts[0];
    ns.clear();
    for (size_t i = 1; i + 1 < parts.size(); ++i) ns += (i > 1 ? "/" : "") + parts[i];
  }
  std::vector<OllamaModel> models;
  std::vector<Problem> problems;
  Status s = ListOllamaModels(dir, limits, &models, &problems);
  if (!s.ok()) return s;
  // Ollama matches names without regard to case.
  for (OllamaModel& m : models) {
    if (Lower(m.registry) == Lower(registry) && Lower(m.ns) == Lower(ns) &&
        Lower(m.model) == Lower(model) && Lower(m.tag) == Lower(tag)) {
      *out = std::move(m);
      return Status::Ok();
    }
  }
  return Status::NotFound(std::string(name) + ": not in the Ollama store " + dir);
}

std::shared_ptr<ReleaseStore> OllamaStore(std::string dir) {
  return std::make_shared<OllamaReleaseStore>(std::move(dir));
}

Status ListOllamaRelease(const std::string& dir, const OllamaModel& model, const Limits& limits,
                         Release* out) {
  std::shared_ptr<ReleaseStore> store = OllamaStore(dir);
  Result<std::unique_ptr<ByteSource>> file = store->Open(model.manifest_path);
  if (!file.ok()) return file.status().WithContext(model.name);
  ByteSource* src = file.value().get();
  if (src->size() > kOllamaManifestBytes) {
    return Status::TooLarge(model.manifest_path + ": manifest of " + std::to_string(src->size()) +
                            " bytes (limit " + std::to_string(kOllamaManifestBytes) + ")");
  }
  std::string text;
  Status s = src->Read(0, src->size(), &text);
  OllamaManifest manifest;
  if (s.ok()) s = ParseOllamaManifest(text, limits, &manifest);
  if (!s.ok()) return s.WithContext(model.manifest_path);

  out->source = SourceKind::kOllama;
  out->id = model.name;
  out->root = dir;
  out->revision = model.tag;
  out->store = store;

  ReleaseFile mf;
  mf.path = model.manifest_path;
  mf.bytes = src->size();
  mf.role = FileRole::kOther;
  out->files.push_back(std::move(mf));

  std::vector<std::pair<OllamaLayer, bool>> layers;  // layer, is the config blob
  if (manifest.config) layers.emplace_back(*manifest.config, true);
  for (const OllamaLayer& l : manifest.layers) layers.emplace_back(l, false);
  std::set<std::string> listed;
  for (const auto& [layer, is_config] : layers) {
    const std::string rel = OllamaBlobPath(layer.digest);
    if (!listed.insert(rel).second) continue;  // two layers with the same bytes
    const std::string_view kind =
        layer.media_type.starts_with(kMediaPrefix)
            ? std::string_view(layer.media_type).substr(kMediaPrefix.size())
            : std::string_view();
    struct stat st;
    const fs::path full = fs::path(dir) / rel;
    if (::lstat(full.c_str(), &st) != 0) {
      out->problems.push_back(
          {rel, Status::NotFound("the " + (is_config ? std::string("config") : layer.media_type) +
                                 " layer is not in blobs/: the pull was not completed")});
      continue;
    }
    if (!S_ISREG(st.st_mode)) {
      out->problems.push_back(
          {rel, Status::InvalidArgument("blob is not a regular file (links are not followed)")});
      continue;
    }
    ReleaseFile f;
    f.path = rel;
    f.bytes = static_cast<uint64_t>(st.st_size);
    if (layer.size != 0 && layer.size != f.bytes) {
      out->problems.push_back(
          {rel, Status::Corruption("the manifest gives " + std::to_string(layer.size) +
                                   " bytes but the blob has " + std::to_string(f.bytes))});
    }
    if (is_config || kind == "params") {
      f.role = FileRole::kConfig;
    } else if (kind == "license") {
      f.role = FileRole::kLicense;
    } else if (kind == "model" || kind == "projector" || kind == "adapter") {
      f.format = SniffWeights(store.get(), rel);
      if (f.format.empty()) {
        out->problems.push_back({rel, Status::Unsupported("the " + std::string(kind) +
                                                          " layer is not GGUF, GGML or "
                                                          "safetensors: not read")});
        f.role = FileRole::kOther;
      } else {
        f.role = FileRole::kWeights;
      }
    } else {
      f.role = FileRole::kOther;  // template, system, messages, and kinds we do not know
    }
    out->files.push_back(std::move(f));
  }
  std::sort(out->files.begin(), out->files.end(),
            [](const ReleaseFile& a, const ReleaseFile& b) { return a.path < b.path; });
  return Status::Ok();
}

Status ScanOllamaModel(const std::string& dir, const OllamaModel& model, const ScanOptions& options,
                       ScanResult* out) {
  Release release;
  Status s = ListOllamaRelease(dir, model, options.limits, &release);
  if (!s.ok()) return s;
  return ScanRelease(std::move(release), options, out);
}

}  // namespace openness
