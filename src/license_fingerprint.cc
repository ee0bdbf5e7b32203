// License fingerprints and their TSV form (see include/openness/license_fingerprint.h).
//
// Columns: key, version, document, name, source, lines ("first" or "first-last"), markers
// (separated by |), tokens, exact (16 hex digits), bigrams, sentences. bigrams is base64 of
// varints: for each distinct hash in ascending order, the delta from the previous hash, then the
// count. sentences is base64 of varints, one hash each, in text order.
#include "openness/license_fingerprint.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "openness/license_text.h"

namespace openness {
namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(const std::string& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out.push_back(kBase64[(v >> 18) & 63]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(kBase64[(v >> 6) & 63]);
    out.push_back(kBase64[v & 63]);
  }
  if (i < bytes.size()) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(kBase64[(v >> 18) & 63]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? kBase64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool FromBase64(std::string_view text, std::string* out) {
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const size_t v = kBase64.find(c);
    if (v == std::string_view::npos) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view bytes, size_t* pos, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= bytes.size()) return false;
    const auto b = static_cast<unsigned char>(bytes[(*pos)++]);
    *v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    const size_t next = s.find(sep, pos);
    if (next == std::string_view::npos) {
      out.push_back(s.substr(pos));
      return out;
    }
    out.push_back(s.substr(pos, next - pos));
    pos = next + 1;
  }
}

template <typename T>
bool ParseNumber(std::string_view s, T* v, int base = 10) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *v, base);
  return ec == std::errc() && ptr == s.data() + s.size();
}

constexpr std::string_view kColumns[] = {"key",    "version", "document", "name",
                                         "source", "lines",   "markers",  "tokens",
                                         "exact",  "bigrams", "sentences"};

}  // namespace

std::string_view LicenseDocumentName(LicenseDocument document) {
  return document == LicenseDocument::kLicense ? "license" : "acceptable-use-policy";
}

bool ParseLicenseDocument(std::string_view name, LicenseDocument* document) {
  if (name == "license") {
    *document = LicenseDocument::kLicense;
  } else if (name == "acceptable-use-policy") {
    *document = LicenseDocument::kAcceptableUsePolicy;
  } else {
    return false;
  }
  return true;
}

uint64_t LicenseFingerprint::bigram_total() const {
  uint64_t n = 0;
  for (const auto& [h, c] : bigrams) n += c;
  return n;
}

std::vector<std::pair<uint32_t, uint32_t>> LicenseBigramMultiset(
    const std::vector<uint64_t>& token_hashes) {
  std::vector<uint32_t> all;
  if (token_hashes.size() >= 2) all.reserve(token_hashes.size() - 1);
  for (size_t i = 0; i + 1 < token_hashes.size(); ++i) {
    all.push_back(LicenseBigramHash(token_hashes[i], token_hashes[i + 1]));
  }
  std::sort(all.begin(), all.end());
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (uint32_t h : all) {
    if (!out.empty() && out.back().first == h) {
      ++out.back().second;
    } else {
      out.push_back({h, 1});
    }
  }
  return out;
}

void ComputeLicenseFingerprint(std::string_view text, LicenseFingerprint* fp) {
  const std::vector<LicenseToken> tokens = TokeniseLicenseText(NormaliseLicenseText(text));
  std::vector<uint64_t> hashes;
  hashes.reserve(tokens.size());
  for (const LicenseToken& t : tokens) hashes.push_back(t.hash);
  fp->tokens = static_cast<uint32_t>(tokens.size());
  fp->exact_hash = LicenseSequenceHash(tokens);
  fp->bigrams = LicenseBigramMultiset(hashes);
  fp->sentences = LicenseSentenceHashes(tokens);
}

bool ParseLicenseFingerprints(std::string_view tsv, std::vector<LicenseFingerprint>* out,
                              std::string* err) {
  out->clear();
  bool header_seen = false;
  int line_no = 0;
  for (std::string_view line : Split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string_view> cells = Split(line, '\t');
    auto fail = [&](const std::string& what) {
      *err = "line " + std::to_string(line_no) + ": " + what;
      return false;
    };
    if (!header_seen) {
      if (cells.size() != std::size(kColumns)) return fail("the header must have 11 columns");
      for (size_t i = 0; i < cells.size(); ++i) {
        if (cells[i] != kColumns[i])
          return fail("unexpected column '" + std::string(cells[i]) + "'");
      }
      header_seen = true;
      continue;
    }
    cells.resize(std::size(kColumns));  // the computed columns may be missing in a manifest
    LicenseFingerprint fp;
    fp.key = std::string(cells[0]);
    fp.version = std::string(cells[1]);
    if (fp.key.empty()) return fail("empty key");
    if (!ParseLicenseDocument(cells[2], &fp.document)) {
      return fail("document must be license or acceptable-use-policy");
    }
    fp.name = std::string(cells[3]);
    fp.source = std::string(cells[4]);
    if (!cells[5].empty()) {
      const size_t dash = cells[5].find('-');
      if (!ParseNumber(cells[5].substr(0, dash), &fp.from_line) || fp.from_line < 1 ||
          (dash != std::string_view::npos &&
           (!ParseNumber(cells[5].substr(dash + 1), &fp.to_line) || fp.to_line < fp.from_line))) {
        return fail("bad lines (first or first-last)");
      }
    }
    if (!cells[6].empty()) {
      for (std::string_view m : Split(cells[6], '|')) {
        if (!m.empty()) fp.markers.emplace_back(m);
      }
    }
    if (!cells[7].empty() && !ParseNumber(cells[7], &fp.tokens)) return fail("bad tokens");
    if (!cells[8].empty() && !ParseNumber(cells[8], &fp.exact_hash, 16)) return fail("bad exact");
    std::string bytes;
    if (!cells[9].empty()) {
      if (!FromBase64(cells[9], &bytes)) return fail("bad base64 in bigrams");
      size_t pos = 0;
      uint64_t prev = 0;
      while (pos < bytes.size()) {
        uint64_t delta = 0, count = 0;
        if (!GetVarint(bytes, &pos, &delta) || !GetVarint(bytes, &pos, &count)) {
          return fail("truncated bigrams");
        }
        const uint64_t h = prev + delta;
        if (h > UINT32_MAX || count == 0 || count > UINT32_MAX ||
            (!fp.bigrams.empty() && delta == 0)) {
          return fail("bad bigram entry");
        }
        fp.bigrams.push_back({static_cast<uint32_t>(h), static_cast<uint32_t>(count)});
        prev = h;
      }
    }
    if (!cells[10].empty()) {
      if (!FromBase64(cells[10], &bytes)) return fail("bad base64 in sentences");
      size_t pos = 0;
      while (pos < bytes.size()) {
        uint64_t h = 0;
        if (!GetVarint(bytes, &pos, &h) || h > UINT32_MAX) return fail("bad sentence entry");
        fp.sentences.push_back(static_cast<uint32_t>(h));
      }
    }
    out->push_back(std::move(fp));
  }
  if (!header_seen) {
    *err = "no header line";
    return false;
  }
  return true;
}

std::string LicenseFingerprintsToTsv(const std::vector<LicenseFingerprint>& fps,
                                     const std::vector<std::string>& comments) {
  std::string out;
  for (const std::string& c : comments) out += c.empty() ? "#\n" : "# " + c + "\n";
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    if (i) out.push_back('\t');
    out.append(kColumns[i]);
  }
  out.push_back('\n');
  for (const LicenseFingerprint& fp : fps) {
    std::string markers;
    for (const std::string& m : fp.markers) {
      if (!markers.empty()) markers.push_back('|');
      markers += m;
    }
    std::string bigrams, sentences;
    uint32_t prev = 0;
    for (const auto& [h, c] : fp.bigrams) {
      PutVarint(h - prev, &bigrams);
      PutVarint(c, &bigrams);
      prev = h;
    }
    for (uint32_t h : fp.sentences) PutVarint(h, &sentences);
    char exact[17];
    std::snprintf(exact, sizeof exact, "%016llx", static_cast<unsigned long long>(fp.exact_hash));
    out += fp.key + "\t" + fp.version + "\t" + std::string(LicenseDocumentName(fp.document)) +
           "\t" + fp.name + "\t" + fp.source + "\t" + std::to_string(fp.from_line) +
           (fp.to_line > 0 ? "-" + std::to_string(fp.to_line) : std::string()) + "\t" + markers +
           "\t" + std::to_string(fp.tokens) + "\t" + exact + "\t" + Base64(bigrams) + "\t" +
           Base64(sentences) + "\n";
  }
  return out;
}

}  // namespace openness
