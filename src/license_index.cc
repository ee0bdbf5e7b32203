// Building and reading the compiled license index (see license_index.h for the layout).
#include "license_index.h"

#include <algorithm>
#include <map>

namespace openness {
namespace {

constexpr std::string_view kMagic = "OPNLIX02";
constexpr size_t kHeaderBytes = 32;
constexpr size_t kRefBytes = 56;
constexpr size_t kBuckets = 65537;

void PutU32(uint32_t v, std::string* out) {
  char b[4];
  std::memcpy(b, &v, 4);  // little-endian hosts only (x86-64, aarch64)
  out->append(b, 4);
}
void PutU64(uint64_t v, std::string* out) {
  char b[8];
  std::memcpy(b, &v, 8);
  out->append(b, 8);
}

}  // namespace

std::string BuildLicenseIndex(const std::vector<LicenseIndexEntry>& entries) {
  std::string strings(1, '\0');  // offset 0 is the empty string
  std::map<std::string, uint32_t> interned;
  auto intern = [&](const std::string& s) -> uint32_t {
    if (s.empty()) return 0;
    auto it = interned.find(s);
    if (it != interned.end()) return it->second;
    const auto off = static_cast<uint32_t>(strings.size());
    strings += s;
    strings.push_back('\0');
    interned.emplace(s, off);
    return off;
  };

  // Inverted index: hash -> (ref, count), refs ascending because entries are visited in order.
  std::map<uint32_t, std::vector<uint32_t>> inverted;
  std::string refs, sentences;
  uint32_t sentence_count = 0;
  const size_t n = std::min<size_t>(entries.size(), 65535);
  for (size_t r = 0; r < n; ++r) {
    const LicenseIndexEntry& e = entries[r];
    const LicenseFingerprint& fp = e.fingerprint;
    std::string markers;
    for (const std::string& m : e.markers) {
      if (!markers.empty()) markers.push_back('|');
      markers += m;
    }
    PutU64(fp.exact_hash, &refs);
    PutU32(intern(e.key), &refs);
    PutU32(intern(e.name), &refs);
    PutU32(intern(e.spdx), &refs);
    PutU32(intern(e.version), &refs);
    PutU32(intern(markers), &refs);
    PutU32(fp.tokens, &refs);
    PutU32(static_cast<uint32_t>(std::min<uint64_t>(fp.bigram_total(), UINT32_MAX)), &refs);
    PutU32(sentence_count, &refs);
    PutU32(static_cast<uint32_t>(fp.sentences.size()), &refs);
    refs.push_back(static_cast<char>(e.document == LicenseDocument::kLicense ? 0 : 1));
    refs.push_back(static_cast<char>(e.osi_approved ? 1 : 0));
    refs.push_back(static_cast<char>(e.from_spdx ? 1 : 0));
    refs.push_back('\0');
    PutU32(0, &refs);  // reserved
    PutU32(0, &refs);
    for (uint32_t s : fp.sentences) PutU32(s, &sentences);
    sentence_count += static_cast<uint32_t>(fp.sentences.size());
    for (const auto& [h, c] : fp.bigrams) {
      inverted[h].push_back(static_cast<uint32_t>(r) << 16 | std::min<uint32_t>(c, 0xFFFF));
    }
  }

  std::string uniques, starts, postings, buckets;
  uint32_t posting_count = 0;
  std::vector<uint32_t> hashes;
  hashes.reserve(inverted.size());
  for (const auto& [h, list] : inverted) {
    hashes.push_back(h);
    PutU32(h, &uniques);
    PutU32(posting_count, &starts);
    for (uint32_t p : list) PutU32(p, &postings);
    posting_count += static_cast<uint32_t>(list.size());
  }
  PutU32(posting_count, &starts);
  size_t u = 0;
  for (size_t b = 0; b < kBuckets; ++b) {
    while (u < hashes.size() && (hashes[u] >> 16) < b) ++u;
    PutU32(static_cast<uint32_t>(u), &buckets);
  }

  std::string out(kMagic);
  PutU32(static_cast<uint32_t>(n), &out);
  PutU32(static_cast<uint32_t>(hashes.size()), &out);
  PutU32(posting_count, &out);
  PutU32(sentence_count, &out);
  PutU32(static_cast<uint32_t>(strings.size()), &out);
  PutU32(0, &out);
  out += refs;
  out += buckets;
  out += uniques;
  out += starts;
  out += postings;
  out += sentences;
  out += strings;
  return out;
}

bool LicenseIndex::Open(std::string_view blob, LicenseIndex* out, std::string* err) {
  *out = LicenseIndex();
  if (blob.size() < kHeaderBytes || blob.substr(0, 8) != kMagic) {
    *err = "not a license index (bad magic)";
    return false;
  }
  out->blob_ = blob;
  const uint32_t n_refs = out->U32(8);
  const uint32_t n_unique = out->U32(12);
  const uint32_t n_postings = out->U32(16);
  const uint32_t n_sentences = out->U32(20);
  const uint32_t n_strings = out->U32(24);
  const uint64_t need = kHeaderBytes + uint64_t{kRefBytes} * n_refs + 4ull * kBuckets +
                        4ull * n_unique + 4ull * (n_unique + 1) + 4ull * n_postings +
                        4ull * n_sentences + n_strings;
  if (need != blob.size() || n_strings == 0) {
    *err = "license index size does not match its header";
    return false;
  }
  size_t off = kHeaderBytes + kRefBytes * n_refs;
  out->buckets_ = off;
  off += 4 * kBuckets;
  out->uniques_ = off;
  off += 4ull * n_unique;
  out->starts_ = off;
  off += 4ull * (n_unique + 1);
  out->postings_ = off;
  off += 4ull * n_postings;
  out->sentences_ = off;
  off += 4ull * n_sentences;
  const std::string_view strings = blob.substr(off);
  if (strings.back() != '\0') {
    *err = "license index string table is not terminated";
    return false;
  }
  out->uniques_count_ = n_unique;
  auto str = [&](uint32_t o, std::string_view* s) {
    if (o >= strings.size()) return false;
    *s = std::string_view(strings.data() + o);
    return true;
  };
  out->refs_.resize(n_refs);
  for (uint32_t r = 0; r < n_refs; ++r) {
    const size_t base = kHeaderBytes + kRefBytes * r;
    Ref& ref = out->refs_[r];
    std::memcpy(&ref.exact_hash, blob.data() + base, 8);
    std::string_view markers;
    if (!str(out->U32(base + 8), &ref.key) || !str(out->U32(base + 12), &ref.name) ||
        !str(out->U32(base + 16), &ref.spdx) || !str(out->U32(base + 20), &ref.version) ||
        !str(out->U32(base + 24), &markers)) {
      *err = "license index string offset out of range";
      return false;
    }
    ref.tokens = out->U32(base + 28);
    ref.bigram_total = out->U32(base + 32);
    ref.sentence_begin = out->U32(base + 36);
    ref.sentence_count = out->U32(base + 40);
    if (uint64_t{ref.sentence_begin} + ref.sentence_count > n_sentences) {
      *err = "license index sentence range out of bounds";
      return false;
    }
    ref.document =
        blob[base + 44] == 0 ? LicenseDocument::kLicense : LicenseDocument::kAcceptableUsePolicy;
    ref.osi_approved = blob[base + 45] != 0;
    ref.from_spdx = blob[base + 46] != 0;
    while (!markers.empty()) {
      const size_t bar = markers.find('|');
      ref.markers.push_back(markers.substr(0, bar));
      if (bar == std::string_view::npos) break;
      markers.remove_prefix(bar + 1);
    }
  }
  // The postings must stay inside the table and name existing references.
  if (out->U32(out->starts_ + 4ull * n_unique) != n_postings) {
    *err = "license index postings table is inconsistent";
    return false;
  }
  return true;
}

bool LicenseIndex::Find(uint32_t hash, uint32_t* begin, uint32_t* end) const {
  const uint32_t b = hash >> 16;
  uint32_t lo = U32(buckets_ + 4ull * b);
  uint32_t hi = U32(buckets_ + 4ull * (b + 1));
  if (hi > uniques_count_) hi = uniques_count_;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const uint32_t v = U32(uniques_ + 4ull * mid);
    if (v < hash) {
      lo = mid + 1;
    } else if (v > hash) {
      hi = mid;
    } else {
      *begin = U32(starts_ + 4ull * mid);
      *end = U32(starts_ + 4ull * (mid + 1));
      return *begin <= *end;
    }
  }
  return false;
}

uint32_t LicenseIndex::CountIn(uint32_t begin, uint32_t end, uint32_t ref) const {
  while (begin < end) {
    const uint32_t mid = begin + (end - begin) / 2;
    const uint32_t r = PostingRef(mid);
    if (r < ref) {
      begin = mid + 1;
    } else if (r > ref) {
      end = mid;
    } else {
      return PostingCount(mid);
    }
  }
  return 0;
}

}  // namespace openness
