// Local sources: the models a machine already holds, in the Hugging Face cache and the Ollama
// store, listed and audited offline.
//
// Each model becomes an ordinary Release (release.h), so the evidence and assessment stages read
// it as they read a folder:
//
//   Hugging Face cache   <cache>/models--org--name/snapshots/<sha>/...  (symlinks into blobs/)
//                        -> one release per model: the snapshot refs/main names (subject.source
//                           "hf-cache", id "org/name", revision the snapshot sha)
//   Ollama store         <models>/manifests/<registry>/<namespace>/<model>/<tag>  +  blobs/
//                        -> one release per manifest: the GGUF model layer as weights, the
//                           license layers as license texts (subject.source "ollama",
//                           id "model:tag")
//
// **Example**:
//   std::vector<openness::HfCacheModel> models;
//   std::vector<openness::Problem> problems;
//   openness::Status s = openness::ListHfCache(openness::DefaultHfCacheDir(), {}, &models,
//                                              &problems);
//   for (const auto& m : models) {
//     openness::ScanResult r;
//     if (openness::ScanHfCacheModel(m, {}, &r).ok()) { /* r.report */ }
//   }
//
// Thread safety: the functions hold no shared state; distinct calls may run on several threads.
#ifndef OPENNESS_LOCAL_SOURCES_H_
#define OPENNESS_LOCAL_SOURCES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/limits.h"
#include "openness/release.h"
#include "openness/scan.h"
#include "openness/status.h"

namespace openness {

// ---------------------------------------------------------------------------------------------
// Hugging Face cache

/// The cache folder huggingface_hub uses: $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE (legacy),
/// else $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub.
std::string DefaultHfCacheDir();

/// One model repository in the cache.
struct HfCacheModel {
  std::string repo_id;       ///< "org/name" (or "name" for the few repos without an owner)
  std::string repo_dir;      ///< <cache>/models--org--name
  std::string revision;      ///< the snapshot audited: a commit sha (folder name under snapshots/)
  std::string snapshot_dir;  ///< <repo_dir>/snapshots/<revision>
  std::vector<std::string> refs;       ///< refs naming this snapshot ("main", ...)
  std::vector<std::string> snapshots;  ///< every snapshot folder present, sorted
  bool current = false;                ///< true when refs/main names the snapshot audited
};

/// "models--org--name" -> "org/name"; nullopt for other folders (datasets--, spaces--, junk).
std::optional<std::string> HfCacheRepoId(std::string_view folder_name);

/// Lists the model repositories of a cache folder (sorted by repo id). For each, the snapshot
/// audited is the one refs/main names; without a usable refs/main, the most recently modified
/// snapshot. Repositories without any snapshot are skipped with a Problem (file = the folder name).
/// Errors only when dir cannot be read at all.
Status ListHfCache(const std::string& dir, const Limits& limits, std::vector<HfCacheModel>* out,
                   std::vector<Problem>* problems);

/// The release of one cached model: the snapshot's files (symlinks into the repo's blobs/ are
/// followed, dangling ones become Problems: the blob was never fully downloaded), with
/// source hf-cache, id = repo id, revision = snapshot sha.
Status ListHfCacheRelease(const HfCacheModel& model, const Limits& limits, Release* out);

/// Lists and audits one cached model, offline.
Status ScanHfCacheModel(const HfCacheModel& model, const ScanOptions& options, ScanResult* out);

// ---------------------------------------------------------------------------------------------
// Ollama store

/// $OLLAMA_MODELS, else ~/.ollama/models.
std::string DefaultOllamaDir();

/// Layer media types (application/vnd.ollama.image.<kind>).
inline constexpr std::string_view kOllamaModelLayer = "application/vnd.ollama.image.model";
inline constexpr std::string_view kOllamaLicenseLayer = "application/vnd.ollama.image.license";

struct OllamaLayer {
  std::string media_type;
  std::string digest;  ///< "sha256:<64 lower-case hex>", checked
  uint64_t size = 0;
};

/// A Docker v2 image manifest as Ollama writes it.
struct OllamaManifest {
  int64_t schema_version = 0;
  std::string media_type;
  std::optional<OllamaLayer> config;
  std::vector<OllamaLayer> layers;
};

/// Manifests larger than this are refused (real ones are about 1 KB).
inline constexpr uint64_t kOllamaManifestBytes = 1 << 20;
/// Layers in one manifest.
inline constexpr size_t kOllamaManifestLayers = 1024;

/// Parses a manifest. Bounded: size, nesting depth (limits.nesting_depth), layer count. Every
/// digest must be "sha256:" and 64 hex digits, so a digest can never name a path outside
/// blobs/. Unknown fields are ignored.
Status ParseOllamaManifest(std::string_view json, const Limits& limits, OllamaManifest* out);

/// True for "sha256:" followed by exactly 64 lower-case hex digits.
bool IsOllamaDigest(std::string_view digest);

/// "sha256:<hex>" -> "blobs/sha256-<hex>" (relative to the store). REQUIRES: IsOllamaDigest.
std::string OllamaBlobPath(std::string_view digest);

/// One installed model: a manifest file.
struct OllamaModel {
  std::string name;           ///< as `ollama list` shows it: "gemma:2b", "user/m:tag",
                              ///< "hf.co/user/repo:Q4_K_M"
  std::string registry;       ///< "registry.ollama.ai", "hf.co", ...
  std::string ns;             ///< namespace: "library", a user, or the path between the two
  std::string model;          ///< "gemma"
  std::string tag;            ///< "2b"
  std::string manifest_path;  ///< relative to the store: "manifests/<registry>/<ns>/<model>/<tag>"
};

/// Lists the manifests of a store (the folder holding manifests/ and blobs/), sorted by name.
/// Errors only when dir has no manifests/ folder or cannot be read.
Status ListOllamaModels(const std::string& dir, const Limits& limits, std::vector<OllamaModel>* out,
                        std::vector<Problem>* problems);

/// Finds an installed model by the name a user types: "gemma:2b", "gemma" (tag latest),
/// "library/gemma:2b", "registry.ollama.ai/library/gemma:2b", "hf.co/u/r:Q4_K_M".
Status FindOllamaModel(const std::string& dir, std::string_view name, const Limits& limits,
                       OllamaModel* out);

/// A ReleaseStore over an Ollama store: opens only "blobs/sha256-<hex>" paths (and the
/// manifest files under manifests/), never anything else, never through a symbolic link.
std::shared_ptr<ReleaseStore> OllamaStore(std::string dir);

/// The release of one installed model. Files are the real paths inside the store, so evidence
/// points at something a user can open: the manifest (role other), blobs/sha256-<hex> for each
/// layer, with the role the media type implies (model, projector, adapter -> weights in the
/// format their first bytes show; license -> license; params and the config blob -> config;
/// template, system, messages -> other). Missing blobs and size mismatches become Problems.
Status ListOllamaRelease(const std::string& dir, const OllamaModel& model, const Limits& limits,
                         Release* out);

/// Lists and audits one installed model, offline.
Status ScanOllamaModel(const std::string& dir, const OllamaModel& model, const ScanOptions& options,
                       ScanResult* out);

}  // namespace openness

#endif  // OPENNESS_LOCAL_SOURCES_H_
