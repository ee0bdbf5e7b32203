#include "openness/evidence.h"

namespace openness {

std::string MakeExcerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes + 4));
  bool pending_space = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
    if (out.size() > max_bytes) break;
  }
  if (out.size() <= max_bytes) return out;
  // Cut to max_bytes - 3 (room for the ellipsis), then back off to a UTF-8 lead byte.
  size_t cut = max_bytes >= 3 ? max_bytes - 3 : 0;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  return out;
}

Evidence& Evidence::WithExcerpt(std::string_view text) {
  excerpt = MakeExcerpt(text);
  return *this;
}

}  // namespace openness
