// License fingerprints: what the matcher knows about a reference text, without the text.
//
// A fingerprint is the multiset of hashed token bigrams of the normalised text, the token count,
// a hash of the whole token sequence (the exact-match fast path) and one hash per sentence (to
// say where a near match differs). None of these can be turned back into the text, so
// fingerprints of license texts we may not copy are kept in the repository as
// data/license-fingerprints.tsv; tools/license_data_gen.cc regenerates them from the corpus
// (docs/license-matching.md, "Regenerating the fingerprints").
#ifndef OPENNESS_LICENSE_FINGERPRINT_H_
#define OPENNESS_LICENSE_FINGERPRINT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace openness {

/// What kind of document a reference text is.
enum class LicenseDocument { kLicense, kAcceptableUsePolicy };

/// "license" or "acceptable-use-policy".
std::string_view LicenseDocumentName(LicenseDocument document);
/// The inverse of LicenseDocumentName; false for anything else.
bool ParseLicenseDocument(std::string_view name, LicenseDocument* document);

struct LicenseFingerprint {
  // Who the text is (written by hand in the TSV):
  std::string key;      ///< report key (data/license-keys.csv); "other" for a known text outside it
  std::string version;  ///< "2024-07-23", "2.1", ... ("" when the key has one version)
  LicenseDocument document = LicenseDocument::kLicense;
  std::string name;    ///< the title of the text
  std::string source;  ///< where it was computed from, relative to the corpus folder
  int from_line = 1;   ///< first line of the source that is the vendor's text
  int to_line = 0;     ///< last line of it (0: to the end)
  /// Short phrases (our own choice, a few words) that tell this version from its siblings.
  std::vector<std::string> markers;

  // Computed from the text:
  uint32_t tokens = 0;
  uint64_t exact_hash = 0;                             ///< LicenseSequenceHash of the tokens
  std::vector<std::pair<uint32_t, uint32_t>> bigrams;  ///< (bigram hash, count), sorted by hash
  std::vector<uint32_t> sentences;                     ///< LicenseSentenceHashes, in text order

  /// Sum of the bigram counts (tokens - 1 for a text of two or more tokens).
  uint64_t bigram_total() const;
};

/// Normalises and tokenises text and fills the computed fields of *fp (the others are kept).
void ComputeLicenseFingerprint(std::string_view text, LicenseFingerprint* fp);

/// The sorted (hash, count) bigram multiset of a token-hash sequence.
std::vector<std::pair<uint32_t, uint32_t>> LicenseBigramMultiset(
    const std::vector<uint64_t>& token_hashes);

/// Parses the TSV (columns in the header line; lines starting with # are comments). Rows whose
/// computed columns are empty are accepted: such a file is the manifest the generator fills.
bool ParseLicenseFingerprints(std::string_view tsv, std::vector<LicenseFingerprint>* out,
                              std::string* err);

/// Writes the TSV: the comment lines (each prefixed with "# "), the header and one row per
/// fingerprint.
std::string LicenseFingerprintsToTsv(const std::vector<LicenseFingerprint>& fps,
                                     const std::vector<std::string>& comments);

}  // namespace openness

#endif  // OPENNESS_LICENSE_FINGERPRINT_H_
