// Policy: what a team accepts, written as a TOML file, and its evaluation against a Report.
//
// `openness check TARGET... --policy openness.toml` audits each target and evaluates the policy
// against the report. A policy names the intended use (commercial, saas, redistribute,
// derivatives, train-other-models or research), the licenses and license kinds allowed or
// denied, the minimum openness level, which conditions of conditional rights are acceptable,
// how missing evidence is treated (fail closed by default), optional OSAID / MOF requirements,
// unsafe weights formats, and exceptions per model with a reason and an expiry date.
// docs/policy.md is the user's guide; every key is listed there.
//
// **Example**:
//   openness::Policy policy;
//   openness::Status s = openness::ParsePolicy("use = \"commercial\"\n", "openness.toml",
//                                              openness::LicenseTable::Builtin(), &policy);
//   openness::PolicyOutcome outcome = openness::EvaluatePolicy(
//       policy, report, openness::LicenseTable::Builtin(), {.today = {2026, 5, 1}});
//   if (!outcome.passed()) { /* exit status 1 */ }
//
// The policy file is untrusted text: it is read up to Limits::policy_bytes, dotted keys are
// bounded before the TOML parser sees them, and errors name the line ("openness.toml:7: ...").
// ParsePolicy and EvaluatePolicy are pure and thread-safe.
#ifndef OPENNESS_POLICY_H_
#define OPENNESS_POLICY_H_

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/evidence.h"
#include "openness/license_keys.h"
#include "openness/limits.h"
#include "openness/report.h"
#include "openness/status.h"

namespace openness {

/// A calendar day (proleptic Gregorian), as TOML local dates and "YYYY-MM-DD" strings write it.
struct PolicyDate {
  int year = 0;
  int month = 0;
  int day = 0;

  /// "2026-12-31"; false for anything else, including days a month does not have.
  static bool Parse(std::string_view text, PolicyDate* out);
  std::string ToString() const;
  bool valid() const;
  auto operator<=>(const PolicyDate&) const = default;
};

/// The uses a policy may name: the report's five use cases, and "research".
inline constexpr std::array<std::string_view, 6> kPolicyUses = {
    "commercial", "saas", "redistribute", "derivatives", "train-other-models", "research"};

/// Openness levels a policy may require, weakest first (the contract's order).
inline constexpr std::array<std::string_view, 4> kPolicyLevels = {
    "closed", "open-weights-restricted", "open-weights", "open-source"};

/// What to do when the evidence does not decide a rule (unknown license, unknown right,
/// undetermined level, OSAID status or MOF class).
enum class OnUnknown {
  kFail,  ///< a violation (the default: fail closed)
  kWarn,  ///< reported, but does not fail the check
};

/// Which `unsafe-weights-format` findings fail the check.
enum class UnsafeWeights {
  kAllow,             ///< "allow": none
  kForbidDangerous,   ///< "forbid-dangerous" (default): pickles that import code-running globals
  kForbidUnverified,  ///< "forbid-unverified": also pickles importing globals off the safe list
  kForbidPickle,      ///< "forbid-pickle": any pickle weights file
};

/// One `[[exception]]`: a model for which some rules are waived until a date.
struct PolicyException {
  std::string model;               ///< subject id; "*" matches any run of characters
  std::vector<std::string> rules;  ///< rule ids waived; empty = every rule
  std::string reason;
  PolicyDate expires;  ///< the last day the exception applies
  std::string approved_by;
  int64_t line = 0;  ///< where the [[exception]] header is in the policy file
};

struct Policy {
  std::string source;                    ///< the file name given to ParsePolicy, used in messages
  std::string name;                      ///< optional `name`
  std::vector<std::string> uses;         ///< `use`: kPolicyUses entries, in file order
  std::optional<std::string> min_level;  ///< `min_level`: a kPolicyLevels entry
  /// `allow` / `deny`: license keys (normalised to report keys) or kind names ("osi", ...).
  std::vector<std::string> allow;
  std::vector<std::string> deny;
  /// `accept_conditional`: false makes every conditional right for an intended use a violation.
  bool accept_conditional = true;
  /// `accept_conditions`: condition codes accepted on a conditional right; "*" accepts any.
  std::vector<std::string> accept_conditions;
  OnUnknown on_unknown = OnUnknown::kFail;   ///< `on_unknown`: "fail" | "warn"
  bool require_osaid = false;                ///< `require_osaid`
  std::optional<std::string> min_mof_class;  ///< `min_mof_class`: "III", "II" or "I"
  UnsafeWeights unsafe_weights = UnsafeWeights::kForbidDangerous;  ///< `unsafe_weights`
  /// `check_base_models`: the deny list also applies to the licenses of base models.
  bool check_base_models = true;
  std::vector<std::string> deny_findings;   ///< `deny_findings`: finding codes that fail
  std::vector<PolicyException> exceptions;  ///< `[[exception]]` tables
  /// The line of each top-level key in the file, for messages ("deny" -> 5).
  std::map<std::string, int64_t> lines;

  /// The line of key, or 0 when the file does not set it.
  int64_t LineOf(std::string_view key) const;
};

/// The rules a policy evaluation can break. Stable ids: SARIF rule ids, JUnit messages and
/// exception `rules` lists use them.
struct PolicyRule {
  std::string_view id;
  std::string_view summary;  ///< one line
  std::string_view help;     ///< what to do about it
};
const std::vector<PolicyRule>& PolicyRules();
/// The rule with this id, or nullptr.
const PolicyRule* FindPolicyRule(std::string_view id);

/// Parses and validates a policy. Unknown keys, wrong types, unknown uses, levels, license keys,
/// kinds and condition codes are errors (kInvalidArgument, or kCorruption for TOML syntax) whose
/// message starts with "<source>:<line>: ". `table` resolves license keys, SPDX ids and aliases.
Status ParsePolicy(std::string_view text, std::string_view source, const LicenseTable& table,
                   Policy* out, const Limits& limits = DefaultLimits());

/// Reads the file (at most limits.policy_bytes) and parses it.
Status LoadPolicyFile(const std::string& path, const LicenseTable& table, Policy* out,
                      const Limits& limits = DefaultLimits());

/// An exception that waived a violation.
struct PolicyWaiver {
  std::string reason;
  PolicyDate expires;
  std::string approved_by;
  int64_t line = 0;  ///< the [[exception]] line in the policy file
};

struct PolicyViolation {
  std::string rule;     ///< a PolicyRules() id
  std::string message;  ///< one sentence naming the model's fact and the policy's demand
  /// The report evidence that caused it (file + line, metadata key or URL).
  std::vector<Evidence> evidence;
  int64_t policy_line = 0;  ///< the policy key that demanded it (0: a default)
  /// True when raised because the evidence did not decide (unknown license, right, level...).
  bool from_unknown = false;
  /// False for a warning: from_unknown with on_unknown = "warn". Blocking violations fail.
  bool blocking = true;
  std::optional<PolicyWaiver> waiver;  ///< set when an exception waived it (then not failing)

  /// Fails the check: blocking and not waived.
  bool fails() const { return blocking && !waiver; }
};

/// Something the user should know that is not a violation: an expired exception, one that
/// expires soon, one that waived nothing.
struct PolicyNote {
  std::string text;
  int64_t policy_line = 0;
};

struct PolicyOutcome {
  std::vector<PolicyViolation> violations;  ///< in evaluation order (rule order of the docs)
  std::vector<PolicyNote> notes;

  bool passed() const;
  size_t failing() const;  ///< violations that fail
};

struct EvaluateOptions {
  PolicyDate today;  ///< decides which exceptions have expired (the CLI passes the UTC date)
  /// Exceptions that expire within this many days get a note.
  int expiry_warning_days = 14;
};

/// Evaluates policy against report. Never fails: a report that lacks evidence produces
/// from_unknown violations (fail closed) or warnings, as the policy's on_unknown says.
PolicyOutcome EvaluatePolicy(const Policy& policy, const Report& report, const LicenseTable& table,
                             const EvaluateOptions& options);

/// True when text matches pattern, where '*' in pattern matches any run of characters (also
/// '/'), and everything else matches itself, case-insensitively. Linear in practice; bounded.
bool PolicyGlobMatch(std::string_view pattern, std::string_view text);

}  // namespace openness

#endif  // OPENNESS_POLICY_H_
