// SPDX license expressions: "Apache-2.0 OR MIT", "GPL-2.0-only WITH Classpath-exception-2.0",
// "(MIT AND BSD-3-Clause) OR LicenseRef-custom", "GPL-2.0+".
//
// The grammar of the SPDX specification (annex D): WITH binds tighter than AND, AND tighter than
// OR; parentheses group; a trailing "+" means "or any later version"; LicenseRef- and
// DocumentRef-...:LicenseRef- ids name licenses outside the list. Model cards are written by
// hand, so by default the operators are accepted in any case ("mit or apache-2.0") and ids may
// hold "_" and "++" (Hub ids such as "openrail++"). Input is bounded in length and nesting.
//
// **Example**:
//   auto e = openness::ParseSpdxExpression("MIT OR (Apache-2.0 AND BSD-3-Clause)");
//   // e->kind == kOr; e->Alternatives() == {{MIT}, {Apache-2.0, BSD-3-Clause}}
#ifndef OPENNESS_SPDX_EXPRESSION_H_
#define OPENNESS_SPDX_EXPRESSION_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "openness/status.h"

namespace openness {

struct SpdxExpression {
  enum class Kind { kLicense, kAnd, kOr };
  Kind kind = Kind::kLicense;

  // kLicense only:
  std::string id;  ///< as written: "Apache-2.0", "LicenseRef-x", "DocumentRef-d:LicenseRef-x"
  bool or_later = false;  ///< written with a trailing "+"
  std::string exception;  ///< the id after WITH, "" when none

  // kAnd and kOr: two or more operands (chains are flattened: a AND b AND c is one node).
  std::vector<SpdxExpression> operands;

  /// True for LicenseRef- and DocumentRef- ids.
  bool is_ref() const;

  /// The canonical text: operators upper case, parentheses where precedence needs them.
  std::string ToString() const;

  /// The license leaves, left to right.
  std::vector<const SpdxExpression*> Licenses() const;

  /// The choices the expression leaves (its disjunctive normal form): each alternative is a set
  /// of licenses that apply together; the licensee may pick any one alternative. At most
  /// max_alternatives are returned (the rest are dropped).
  std::vector<std::vector<const SpdxExpression*>> Alternatives(size_t max_alternatives = 64) const;
};

struct SpdxParseOptions {
  size_t max_length = 1024;  ///< bytes of input
  int max_depth = 16;        ///< nested parentheses
  size_t max_licenses = 64;  ///< license ids in one expression
  bool strict = false;       ///< operators upper case only, ids [A-Za-z0-9.-] only
};

/// Parses an expression. Errors name the byte offset: "expected an operator between 'Apache'
/// and '2.0' (at byte 7)".
Result<SpdxExpression> ParseSpdxExpression(std::string_view text,
                                           const SpdxParseOptions& options = {});

}  // namespace openness

#endif  // OPENNESS_SPDX_EXPRESSION_H_
