// Hashing: SHA-256 of whole files, streamed in large blocks, several files at once.
//
// A scan never reads tensor data, except when asked to hash the weights (`--hash`): then every
// weights file present is read once, front to back, in blocks of HashOptions::block_bytes, and
// hashed with OpenSSL's EVP SHA-256 (which uses the CPU's SHA extensions when it has them). One
// file is hashed by one thread (SHA-256 is sequential); different files are hashed in parallel by
// up to HashOptions::threads threads, largest first.
//
// Thread safety: the functions keep no state; Sha256Files opens each file through the store from
// its worker threads, which ReleaseStore implementations allow.
#ifndef OPENNESS_HASHING_H_
#define OPENNESS_HASHING_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "openness/byte_source.h"
#include "openness/release.h"
#include "openness/report.h"
#include "openness/status.h"

namespace openness {

struct HashOptions {
  /// Files hashed at once; 0 means one per hardware thread. Never more than the files, never
  /// more than kMaxThreads.
  unsigned threads = 0;
  /// Bytes read per call: large enough that the per-read cost vanishes, small enough to stay in
  /// the CPU cache.
  size_t block_bytes = size_t{1} << 20;

  static constexpr unsigned kMaxThreads = 64;
};

/// Lower-case hex SHA-256 of bytes.
std::string Sha256Hex(std::string_view bytes);

/// SHA-256 of everything in source, read front to back in blocks of block_bytes; *hex receives
/// the lower-case hex digest.
Status Sha256Source(ByteSource* source, size_t block_bytes, std::string* hex);

/// SHA-256 of a local file (read with read(2) and sequential read-ahead advice).
Status Sha256File(const std::string& path, size_t block_bytes, std::string* hex);

/// The digest of one file of a batch, or why it could not be computed.
struct FileDigest {
  std::string path;
  std::string sha256;  ///< lower-case hex; empty when status is not ok
  Status status;
};

/// Hashes the files at release-relative paths through store, in parallel as options allow.
/// out[i] belongs to paths[i].
std::vector<FileDigest> Sha256Files(ReleaseStore* store, const std::vector<std::string>& paths,
                                    const HashOptions& options);

/// Fills report->weights.files[].sha256 for every weights file present in a local release (the
/// SHA-256 of an LFS pointer's object is already there). Files that cannot be hashed become
/// Problems; Hub releases are not hashed here (that would download the weights).
void HashWeights(const Release& release, const HashOptions& options, Report* report,
                 std::vector<Problem>* problems);

}  // namespace openness

#endif  // OPENNESS_HASHING_H_
