// Release: the files of a model release and the role of each, found without reading weights.
//
// The first stage of a scan (source -> evidence -> license identification -> assessment ->
// report). A release is a local folder or a single model file today; the Hub and the local
// caches produce the same structure later.
#ifndef OPENNESS_RELEASE_H_
#define OPENNESS_RELEASE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

enum class FileRole {
  kWeights, kConfig, kTokenizer, kCard, kLicense, kUsePolicy, kNotice, kCode, kData, kOther,
};
std::string_view FileRoleName(FileRole role);  // "weights", "config", ..., "use-policy", ...

enum class SourceKind { kLocal, kFile, kHub, kHfCache, kOllama };
std::string_view SourceKindName(SourceKind kind);  // the report's subject.source values

/// A Git LFS pointer file that stands in for a file that was not downloaded.
struct LfsPointer {
  std::string oid;  ///< sha256 hex
  uint64_t size = 0;
};

struct ReleaseFile {
  std::string path;    ///< relative to the release root, '/'-separated
  uint64_t bytes = 0;  ///< size on disk (of the pointer, for LFS pointers)
  FileRole role = FileRole::kOther;
  std::string format;  ///< weights format ("safetensors", "gguf", ...) or "" for other roles
  std::optional<LfsPointer> lfs;
};

/// Something that could not be read, with where it happened. Reported as a finding and on stderr;
/// the scan goes on.
struct Problem {
  std::string file;  ///< relative path, or "" for the release as a whole
  Status status;
};

/// Where a release's files are read from: the local file system today; the Hub (HTTP range
/// requests), the Hugging Face cache and the Ollama store plug in here.
class ReleaseStore {
 public:
  virtual ~ReleaseStore() = default;
  /// Opens the file at a release-relative path for positional reads.
  virtual Result<std::unique_ptr<ByteSource>> Open(const std::string& rel_path) = 0;
};

/// A store over a local folder.
std::shared_ptr<ReleaseStore> LocalStore(std::string root);

struct Release {
  SourceKind source = SourceKind::kLocal;
  std::string id;    ///< folder or file name (Hub id later)
  std::string root;  ///< the folder audited (for a single file: its folder)
  std::optional<std::string> revision;
  std::vector<ReleaseFile> files;  ///< sorted by path
  std::vector<std::string> lfs_patterns;  ///< from .gitattributes (filter=lfs)
  std::vector<Problem> problems;
  std::shared_ptr<ReleaseStore> store;  ///< reads the files listed above

  const ReleaseFile* FindFile(std::string_view path) const;
};

/// The role of a file from its path alone. Pure.
FileRole ClassifyFile(std::string_view rel_path);

/// The weights format a path's extension names ("safetensors", "gguf", "pytorch-pickle", "onnx",
/// "keras", "tensorflow", "tflite", "flax-msgpack", "numpy", "coreml", "ggml"), or "".
std::string WeightsFormatOf(std::string_view rel_path);

/// Recognises the content of a Git LFS pointer file. Pure.
std::optional<LfsPointer> ParseLfsPointer(std::string_view bytes);

/// Lists a folder (recursively, within limits) or a single file. Errors only when the path cannot
/// be read at all; files that cannot be read become Problems. Symbolic links are followed only when
/// they stay inside the release (or, for a Hugging Face cache snapshot, inside that repo's cache).
Status ListRelease(const std::string& path, const Limits& limits, Release* out);

}  // namespace openness

#endif  // OPENNESS_RELEASE_H_
