// License clauses: the terms that decide a use case, found in any license text.
//
// DetectClauses reads a license, acceptable-use policy or custom "license: other" text and
// reports each clause that matters for the rights table: non-commercial or research-only grants,
// user and revenue thresholds (with their numbers), "Built with ..." display duties, naming
// duties for derivatives, policies incorporated by reference, bans on using outputs to improve
// other models, field-of-use and geographic exclusions, registration, termination triggers,
// no-derivatives, no-hosting and the ordinary notice duties. Each hit names the 1-based line
// where the clause starts, an excerpt of at most 200 bytes and the values read from it.
//
// The text is untrusted: it is read up to Limits::text_file_bytes, split into paragraphs and
// list items (a clause may be wrapped over several lines), and matched with RE2 only (linear
// time, no backtracking). Pure and thread-safe: the compiled patterns are shared constants.
#ifndef OPENNESS_LICENSE_CLAUSES_H_
#define OPENNESS_LICENSE_CLAUSES_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "openness/limits.h"

namespace openness {

/// Every clause code DetectClauses can report, in a stable order. The first thirteen are the
/// restrictive clauses of the issue; the rest are ordinary duties and context.
inline constexpr std::array<std::string_view, 24> kClauseCodes = {
    "non-commercial",          // only non-commercial use is granted
    "research-only",           // only research (or evaluation) use is granted
    "user-threshold",          // above N monthly/daily active users a separate license is needed
    "revenue-threshold",       // above an annual revenue the license ends or costs money
    "attribution-display",     // a fixed phrase ("Built with Llama") must be displayed
    "derivative-naming",       // names of derived models must begin with a given word
    "acceptable-use-policy",   // a use policy is incorporated by reference
    "output-use-restriction",  // outputs may not be used to train or improve other models
    "field-of-use",            // named fields are banned (military, surveillance, ...)
    "geographic-exclusion",    // people or firms in a region get no rights
    "registration",            // use (usually commercial) requires registering
    "termination",             // what ends the license (breach, litigation, revenue, ...)
    "no-derivatives",          // modified versions may not be made or shared
    "no-hosting",              // no hosted service or API access for third parties
    "no-redistribution",       // the material may not be distributed
    "use-restrictions",        // a list of restricted uses (RAIL Attachment A style)
    "use-restrictions-pass-through",  // downstream licenses must carry the use restrictions
    "outputs-derivative",             // a model trained on outputs counts as a derivative
    "terms-may-change",               // the licensor may change the agreement itself
    "license-copy",                   // recipients get a copy of the license
    "notice-file",                    // a "Notice" text file must ship with copies
    "mark-modifications",             // modified files must say they were changed
    "share-alike",                    // adaptations must use the same license
    "governing-law",                  // the law that governs the agreement
};

/// One clause found in a text.
struct ClauseHit {
  std::string code;     ///< one of kClauseCodes
  int64_t line = 0;     ///< 1-based line where the matched wording starts
  std::string excerpt;  ///< the wording around the match, at most 200 bytes
  /// Values read from the clause, by name: "monthly_active_users" and "daily_active_users"
  /// (integers as decimal text), "annual_revenue" and "currency", "phrase" (display text),
  /// "prefix" (naming), "url", "updatable" ("true"), "scope" and "except" (outputs), "field",
  /// "region", "trigger" (termination), "law".
  std::map<std::string, std::string> values;
};

/// Finds every clause in text, in kClauseCodes order, each code's hits in text order. A code
/// with values is reported once per distinct value set (at most 8 times); a code without
/// values once, at its first occurrence.
std::vector<ClauseHit> DetectClauses(std::string_view text, const Limits& limits = DefaultLimits());

/// The first hit with this code, or nullptr.
const ClauseHit* FindClause(const std::vector<ClauseHit>& hits, std::string_view code);

/// True when code is one of kClauseCodes.
bool IsClauseCode(std::string_view code);

/// Reads "700 million", "1,000,000", "1.5 billion", "10M" as an integer; false when the text is
/// not a number or the value would overflow.
bool ParseQuantity(std::string_view number, std::string_view scale, uint64_t* out);

}  // namespace openness

#endif  // OPENNESS_LICENSE_CLAUSES_H_
