// License text normalisation: the SPDX matching guidelines as an ordered list of small passes.
//
// Two copies of one license differ in ways that do not change its meaning: line wrapping, case,
// curly or straight quotes, dashes, list numbering, Markdown or HTML markup, the copyright line,
// British or American spelling, http or https. Each pass removes one such difference. Every pass
// is a pure function from text to text that keeps the number of lines, so a position in the
// normalised text is a line of the original: matches and differences can cite input lines.
//
// After the passes, the text is cut into tokens (words, numbers such as "3.1", single CJK
// characters); punctuation only marks where sentences end. The matcher works on token bigrams.
//
// **Example**:
//   std::string n = openness::NormaliseLicenseText("Licence:  “AS IS”\n");  // "license: as is\n"
//   std::vector<openness::LicenseToken> t = openness::TokeniseLicenseText(n);  // license, as, is
#ifndef OPENNESS_LICENSE_TEXT_H_
#define OPENNESS_LICENSE_TEXT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace openness {

// ---- The passes, in the order NormaliseLicenseText runs them. Each keeps every '\n'. ----

/// Unicode: compatibility decomposition (NFKD: fullwidth forms, ligatures), every quote mark to
/// '"', every dash and hyphen to
/// '-', bullets to '*', the copyright sign to "(c)", zero-width and control characters removed,
/// other spaces and control characters (a CR too: lines end at '\n' only) to ' '. Invalid UTF-8
/// bytes become spaces.
std::string NormaliseUnicode(std::string_view text);
/// Markup: HTML tags and entities, Markdown heading and quote markers, emphasis, table pipes and
/// horizontal rules become spaces.
std::string StripMarkup(std::string_view text);
/// Case: ASCII and Unicode letters to lower case.
std::string LowerCase(std::string_view text);
/// URLs: "https://" and "http://" are the same; "www." after them is dropped.
std::string NormaliseUrls(std::string_view text);
/// Copyright notices: a line that starts with "copyright", "(c)" or "all rights reserved"
/// becomes empty (the guidelines let the notice vary).
std::string DropCopyrightLines(std::string_view text);
/// Bullets and numbering at the start of a line ("1.", "2.3", "(a)", "iv.", "-", "*", "§ 4")
/// are removed (the guidelines ignore list markers).
std::string DropListMarkers(std::string_view text);
/// Quotes: removed (single, double, back and curly quotes are equivalent). An apostrophe inside a
/// word ("licensor's") goes too, so "licensor's" and "licensors" differ only by the "s".
std::string DropQuotes(std::string_view text);
/// Punctuation: runs of dashes become one '-', underscores and slashes spaces, ellipses '.'.
std::string NormalisePunctuation(std::string_view text);
/// Equivalent words: British spellings and variants to one form ("licence" -> "license",
/// "authorised" -> "authorized", "sub-license" -> "sublicense", "per cent" -> "percent").
std::string ReplaceEquivalentWords(std::string_view text);
/// Whitespace: runs of spaces and tabs to one space; lines trimmed. Line breaks stay.
std::string CollapseWhitespace(std::string_view text);

struct LicenseTextPass {
  std::string_view name;  ///< "unicode", "markup", "case", "urls", ...
  std::string (*run)(std::string_view text);
};

/// The passes above, in order.
std::span<const LicenseTextPass> LicenseTextPasses();

/// Runs every pass in order. The result has as many lines as the input.
std::string NormaliseLicenseText(std::string_view text);

// ---- Tokens ----

struct LicenseToken {
  uint64_t hash = 0;           ///< of the token's text
  int line = 0;                ///< 1-based line of the input
  bool ends_sentence = false;  ///< followed by '.', ';', ':', '!' or '?' (not inside a number)
  bool numeric = false;        ///< starts with an ASCII digit ("700", "3.1", "1,000,000")
};

/// Cuts normalised text into tokens: runs of ASCII letters and digits (a '.' or ',' between two
/// digits stays inside: "3.1", "1,000,000"), runs of other letters, and single CJK characters.
/// Everything else separates tokens. At most max_tokens tokens are returned.
std::vector<LicenseToken> TokeniseLicenseText(std::string_view normalised,
                                              size_t max_tokens = SIZE_MAX);

/// The hash of one token's text (64-bit FNV-1a), as TokeniseLicenseText computes it.
uint64_t LicenseTokenHash(std::string_view token);

/// The 32-bit hash of the bigram (a, b).
uint32_t LicenseBigramHash(uint64_t a, uint64_t b);

/// A hash of a whole token sequence, independent of lines: equal for texts that normalise to the
/// same tokens.
uint64_t LicenseSequenceHash(std::span<const LicenseToken> tokens);

/// Sentence hashes: the tokens cut after each token that ends a sentence, each piece hashed.
/// starts, when not null, receives the index of each sentence's first token.
std::vector<uint32_t> LicenseSentenceHashes(std::span<const LicenseToken> tokens,
                                            std::vector<size_t>* starts = nullptr);

}  // namespace openness

#endif  // OPENNESS_LICENSE_TEXT_H_
