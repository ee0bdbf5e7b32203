// Evidence: where a statement in a report comes from.
//
// Every conclusion points at the file and line, metadata key or URL it was drawn from. Fields
// that do not apply stay empty and are written as null.
#ifndef OPENNESS_EVIDENCE_H_
#define OPENNESS_EVIDENCE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace openness {

struct Evidence {
  std::optional<std::string> file;     ///< path relative to the subject root
  std::optional<int64_t> line;         ///< 1-based line in file
  std::optional<std::string> key;      ///< metadata key, e.g. "cardData.license", "general.license"
  std::optional<std::string> url;      ///< where it came from online
  std::optional<std::string> excerpt;  ///< at most kMaxExcerpt bytes of the source text

  static constexpr size_t kMaxExcerpt = 200;

  static Evidence InFile(std::string file, std::optional<int64_t> line = std::nullopt) {
    Evidence e;
    e.file = std::move(file);
    e.line = line;
    return e;
  }
  Evidence& WithKey(std::string k) {
    key = std::move(k);
    return *this;
  }
  /// Sets the excerpt, collapsing whitespace and cutting at kMaxExcerpt bytes on a UTF-8 boundary.
  Evidence& WithExcerpt(std::string_view text);

  bool operator==(const Evidence&) const = default;
};

/// Collapses runs of whitespace, trims, and cuts to at most max_bytes without splitting a UTF-8
/// sequence (appending "…" when cut).
std::string MakeExcerpt(std::string_view text, size_t max_bytes = Evidence::kMaxExcerpt);

}  // namespace openness

#endif  // OPENNESS_EVIDENCE_H_
