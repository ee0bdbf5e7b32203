// License matcher: which known license or acceptable-use policy texts a text contains, where,
// how closely, and what differs.
//
// The method (docs/license-matching.md), after askalono:
//   1. normalise the text (license_text.h) and cut it into tokens;
//   2. fast path: a text whose whole token sequence hashes like a reference is that reference;
//   3. otherwise count, through an inverted index over every reference's token bigrams, how many
//      bigrams the text shares with each reference (one pass, no per-reference loop);
//   4. references that share most of their bigrams with the text are candidates; for each, the
//      span of lines that maximises the Sørensen–Dice coefficient is found by trimming lines
//      from both ends; the candidate that explains the most bigrams wins, and the span is scored
//      again against every reference to pick the exact version;
//   5. the span is removed and the search repeats, so a LICENSE file that holds a license and an
//      acceptable-use policy, or two licenses, yields each;
//   6. for a near match, the sentences of the span are diffed against the reference's sentence
//      hashes to say where text was added, removed or changed.
//
// The references are the SPDX license list (compiled in at build time when the npm package
// spdx-license-list was installed) and the fingerprints of AI licenses in
// data/license-fingerprints.tsv.
//
// Thread safety: a LicenseMatcher is immutable; Match may be called from several threads.
#ifndef OPENNESS_LICENSE_MATCHER_H_
#define OPENNESS_LICENSE_MATCHER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/license_fingerprint.h"
#include "openness/status.h"

namespace openness {

class LicenseIndex;

struct LicenseDifference {
  enum class Kind { kAdded, kRemoved, kChanged };
  Kind kind = Kind::kChanged;
  int line = 0;      ///< first input line concerned (for kRemoved: the line the gap is before)
  int end_line = 0;  ///< last input line concerned
  int reference_sentences = 0;  ///< sentences of the reference missing or replaced
  int input_sentences = 0;      ///< sentences of the input added or replacing
  /// A changed passage holds a number the reference does not have there (a threshold, an
  /// amount, a date): a change of terms, not of wording.
  bool changes_a_number = false;
  std::string text;             ///< "added text at lines 214-220"
};

/// "added", "removed" or "changed".
std::string_view LicenseDifferenceKindName(LicenseDifference::Kind kind);

struct LicenseMatch {
  std::string key;      ///< report key; "other" for an SPDX license outside license-keys.csv
  std::string name;     ///< the reference's title
  std::string spdx;     ///< SPDX id when the reference has one
  std::string version;  ///< version or date of the reference text ("" when it has none)
  LicenseDocument document = LicenseDocument::kLicense;
  bool osi_approved = false;  ///< per the SPDX list
  bool from_spdx = false;     ///< the reference came from the SPDX list
  double confidence = 0;      ///< Sørensen–Dice of span and reference bigrams; 1 when exact
  bool exact = false;         ///< the span normalises to exactly the reference
  int start_line = 0;         ///< 1-based input lines of the span
  int end_line = 0;
  /// Where the span departs from the reference (empty when exact), and text left over next to
  /// the match in the input (a clause appended to a license), which an exact span may have too.
  std::vector<LicenseDifference> differences;

  /// "Apache-2.0 with added text at line 214", "Llama 3.1 Community License Agreement".
  std::string Describe() const;
};

struct LicenseMatchOptions {
  /// Lowest Dice coefficient of a span that counts as a match.
  double threshold = 0.8;
  /// A reference is a candidate when the text holds at least this share of its bigrams.
  double min_containment = 0.5;
  /// And at least this many of them (short references in prose are not licenses).
  uint32_t min_matched_bigrams = 20;
  size_t max_matches = 8;
  /// Tokens read from the text; the rest is ignored.
  size_t max_tokens = 262'144;
  /// Compute differences for near matches.
  bool diff = true;
  size_t max_differences = 12;
};

class LicenseMatcher {
 public:
  /// The index compiled into the library. Never fails: an absent or broken index is empty.
  static const LicenseMatcher& Builtin();

  /// A matcher over an index blob (tools and tests build their own; see license_index.h).
  static Result<LicenseMatcher> FromBlob(std::string blob);

  /// Every license and policy found in text, in line order.
  std::vector<LicenseMatch> Match(std::string_view text,
                                  const LicenseMatchOptions& options = {}) const;

  /// The reference closest to the whole text by Dice, whatever the score (for tools and tests).
  std::optional<LicenseMatch> Closest(std::string_view text) const;

  struct Reference {
    std::string key, name, spdx, version;
    LicenseDocument document = LicenseDocument::kLicense;
    bool osi_approved = false;
    bool from_spdx = false;
    uint32_t tokens = 0;
  };
  std::vector<Reference> References() const;
  /// The OSI flag of an SPDX id as the SPDX list gives it (false when unknown).
  bool SpdxOsiApproved(std::string_view spdx_id) const;
  size_t size() const;
  /// True when the SPDX list was compiled in.
  bool has_spdx() const;

  LicenseMatcher();
  ~LicenseMatcher();
  LicenseMatcher(const LicenseMatcher&);
  LicenseMatcher& operator=(const LicenseMatcher&);
  LicenseMatcher(LicenseMatcher&&) noexcept;
  LicenseMatcher& operator=(LicenseMatcher&&) noexcept;

 private:
  std::shared_ptr<const std::string> owned_;
  std::shared_ptr<const LicenseIndex> index_;
};

}  // namespace openness

#endif  // OPENNESS_LICENSE_MATCHER_H_
