// The compiled license index: every reference fingerprint with an inverted index from bigram hash
// to the references that contain it. Internal to the library and to tools/license_data_gen.cc,
// which builds it at build time from the SPDX list and data/license-fingerprints.tsv.
//
// The index is one flat little-endian blob that is used in place (no parsing at start-up):
//
//   "OPNLIX02"  u32 refs, uniques, postings, sentences, string bytes, reserved
//   refs        per reference: u64 exact hash; u32 offsets of key, name, spdx, version, markers
//               in the string table; u32 tokens, bigram total, first sentence, sentence count;
//               u8 document, osi, from-spdx, 0; u32 0                          (56 bytes each)
//   buckets     u32[65537]: first unique hash whose top 16 bits are >= the bucket number
//   uniques     u32[uniques], ascending bigram hashes
//   starts      u32[uniques + 1]: first posting of each unique hash
//   postings    u32 each: reference number << 16 | min(count, 65535), ascending references
//   sentences   u32 each, the sentence hashes of every reference in turn
//   strings     NUL-terminated UTF-8
#ifndef OPENNESS_SRC_LICENSE_INDEX_H_
#define OPENNESS_SRC_LICENSE_INDEX_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "openness/license_fingerprint.h"

namespace openness {

struct LicenseIndexEntry {
  std::string key;
  std::string name;
  std::string spdx;
  std::string version;
  LicenseDocument document = LicenseDocument::kLicense;
  bool osi_approved = false;
  bool from_spdx = false;
  std::vector<std::string> markers;
  LicenseFingerprint fingerprint;  ///< the computed fields are used
};

/// The blob for these entries (at most 65,535).
std::string BuildLicenseIndex(const std::vector<LicenseIndexEntry>& entries);

class LicenseIndex {
 public:
  struct Ref {
    std::string_view key, name, spdx, version;
    LicenseDocument document = LicenseDocument::kLicense;
    bool osi_approved = false;
    bool from_spdx = false;
    uint32_t tokens = 0;
    uint32_t bigram_total = 0;
    uint64_t exact_hash = 0;
    uint32_t sentence_begin = 0;
    uint32_t sentence_count = 0;
    std::vector<std::string_view> markers;
  };

  /// Checks the blob's header and sizes and reads the reference table. The blob must outlive
  /// the index.
  static bool Open(std::string_view blob, LicenseIndex* out, std::string* err);

  const std::vector<Ref>& refs() const { return refs_; }

  /// The postings [*begin, *end) of a bigram hash; false when no reference has it.
  bool Find(uint32_t hash, uint32_t* begin, uint32_t* end) const;
  uint32_t PostingRef(uint32_t i) const { return U32(postings_ + 4ull * i) >> 16; }
  uint32_t PostingCount(uint32_t i) const { return U32(postings_ + 4ull * i) & 0xFFFF; }
  uint32_t Sentence(uint32_t i) const { return U32(sentences_ + 4ull * i); }
  /// Count of bigram hash in reference ref (0 when absent), given the hash's postings.
  uint32_t CountIn(uint32_t begin, uint32_t end, uint32_t ref) const;

 private:
  uint32_t U32(size_t offset) const {
    uint32_t v;
    std::memcpy(&v, blob_.data() + offset, 4);
    return v;
  }
  std::string_view blob_;
  std::vector<Ref> refs_;
  uint32_t uniques_count_ = 0;
  size_t buckets_ = 0, uniques_ = 0, starts_ = 0, postings_ = 0, sentences_ = 0;
};

}  // namespace openness

#endif  // OPENNESS_SRC_LICENSE_INDEX_H_
