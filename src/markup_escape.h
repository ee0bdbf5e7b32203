// Markup escaping for the human report formats (Markdown and HTML).
//
// Everything a report carries beyond our own words (model ids, license names, excerpts, file
// paths) comes from files written by strangers. These functions turn such text into markup that
// shows it literally: no tags, no links, no images, no @mentions, no broken tables. Invalid UTF-8,
// control characters and bidirectional overrides are replaced with U+FFFD first.
#ifndef OPENNESS_SRC_MARKUP_ESCAPE_H_
#define OPENNESS_SRC_MARKUP_ESCAPE_H_

#include <optional>
#include <string>
#include <string_view>

namespace openness {

/// Valid UTF-8 with tab, CR and LF turned into spaces and every other C0/C1 control character,
/// bidirectional embedding/override/isolate (U+202A..U+202E, U+2066..U+2069) and invalid byte
/// sequence replaced by U+FFFD.
std::string SanitizeText(std::string_view text);

/// Text for HTML element content or a quoted attribute value: & < > " ' become references.
std::string HtmlEscape(std::string_view text);

/// Text for Markdown (CommonMark/GFM) inline content, in a paragraph, list item or table cell:
/// every character with inline meaning is backslash-escaped (pipes included, so it is safe in a
/// table), a leading list or heading marker is neutralised, and "@" is followed by a word joiner
/// (U+2060) so that GitHub does not turn "@name" into a mention.
std::string MarkdownText(std::string_view text);

/// A Markdown code span showing text literally (a backtick fence longer than any run inside).
/// Not for table cells: GFM splits cells at pipes even inside code spans; use MarkdownCellCode.
std::string MarkdownCode(std::string_view text);

/// Literal text in code font that is safe inside a GFM table cell: <code> around MarkdownText.
std::string MarkdownCellCode(std::string_view text);

/// An http(s) URL fit for an href: no whitespace, quotes, angle brackets or control characters,
/// and a scheme of http or https (any case). nullopt for anything else (javascript:, data:, ...).
std::optional<std::string> SafeWebUrl(std::string_view url);

/// Percent-encodes a file path for a URL: every byte outside A-Z a-z 0-9 - . _ ~ / becomes %XX.
std::string PercentEncodePath(std::string_view path);

}  // namespace openness

#endif  // OPENNESS_SRC_MARKUP_ESCAPE_H_
