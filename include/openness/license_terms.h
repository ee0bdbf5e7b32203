// License terms: the knowledge base of what each license allows and requires.
//
// One YAML file per license family in data/licenses/ (compiled into the library) holds, for
// every key of data/license-keys.csv: names and aliases (Hub ids, SPDX ids, ScanCode keys,
// common spellings), versions with their dates, kind, OSI approval, and structured terms, each
// with the section of the license text it comes from: whether each use case is granted, user
// and revenue thresholds, "Built with ..." display and naming duties, policies incorporated by
// reference (and whether the licensor may change them), bans on using outputs to improve other
// models, redistribution duties, field-of-use and geographic limits, termination triggers and
// governing law. docs/license-terms.md describes the schema; the rights stage (AssessRights)
// turns these terms into the report's rights table.
//
// The data is written by the openness team in its own words; no license wording is stored.
// Loading is bounded (file size, YAML nodes, nesting depth, no aliases) and strict: an unknown
// key, kind, status, term type or use case is an error, so a typo cannot silently drop a term.
//
// Thread safety: a loaded knowledge base is immutable; Builtin() is safe from several threads.
#ifndef OPENNESS_LICENSE_TERMS_H_
#define OPENNESS_LICENSE_TERMS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/license_keys.h"
#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

/// Whether a license grants a use case at all. Conditions (the terms below) are added by the
/// rights stage; a granted use with non-ordinary conditions becomes "conditional".
enum class Grant { kAllowed, kProhibited, kUnknown };
std::string_view GrantName(Grant grant);  // "allowed", "prohibited", "unknown"

struct Permission {
  Grant grant = Grant::kUnknown;
  std::string section;  ///< where the text grants or withholds it ("1.a", "III", "3.2")
  std::string note;     ///< our own words, when the bare status needs a qualifier
};

/// Every term type a knowledge-base entry may carry (the YAML `type:` values).
inline constexpr std::array<std::string_view, 29> kTermTypes = {
    "user_threshold",                 // monthly_active_users / daily_active_users
    "revenue_threshold",              // annual_revenue_usd, effect
    "registration",                   // url
    "attribution_display",            // phrase ("Built with Llama")
    "attribution",                    // credit the licensor (plain attribution)
    "derivative_naming",              // prefix, covers_outputs
    "acceptable_use_policy",          // name, url, updatable
    "use_restrictions",               // items: restricted uses listed in the license itself
    "use_restrictions_pass_through",  // downstream agreements must carry the restrictions
    "output_restriction",             // scope, except: outputs may not improve other models
    "outputs_derivative",    // a model trained on outputs is a derivative under the license
    "license_copy",          // give recipients a copy of the license
    "notice_file",           // ship a Notice file with a fixed text
    "keep_notices",          // keep existing copyright and attribution notices
    "mark_modifications",    // say which files were changed
    "share_alike",           // adaptations under the same license
    "source_disclosure",     // offer source to network users (AGPL)
    "non_commercial",        // only non-commercial use is granted
    "research_only",         // only research use is granted
    "no_derivatives",        // modified material may not be shared
    "no_hosting",            // no hosted service or API for third parties
    "no_redistribution",     // the material may not be distributed
    "field_of_use",          // items: banned fields (military, surveillance, ...)
    "geographic_exclusion",  // items: regions; scope
    "terms_may_change",      // the licensor may change the agreement unilaterally
    "remote_restriction",    // the licensor may restrict use remotely
    "other_condition",       // a duty no other type names (note says what)
    "termination",           // trigger, automatic
    "governing_law",         // law, courts
};

/// One structured term of a license, with the section it comes from.
struct LicenseTerm {
  std::string type;     ///< one of kTermTypes
  std::string section;  ///< e.g. "1.b.i", "§2", "Attachment A"; empty when the text has none
  std::string source = "license";  ///< which document holds it: "license" or "policy"
  std::string note;                ///< our own words
  /// Use cases (kUseCases) the term constrains; empty: the default of its type (see rights.cc).
  std::vector<std::string> applies_to;

  // Values; each type uses the ones named in kTermTypes.
  std::optional<uint64_t> monthly_active_users;
  std::optional<uint64_t> daily_active_users;
  std::optional<uint64_t> annual_revenue_usd;
  std::string effect;  ///< revenue_threshold: "terminates", "license-required" or "royalty"
  std::optional<double> royalty_percent;  ///< revenue_threshold with effect "royalty"
  std::string phrase;                     ///< attribution_display: the phrase to show
  std::string prefix;                     ///< derivative_naming: what names must begin with
  bool covers_outputs = false;            ///< derivative_naming: also models trained on outputs
  std::string name;                       ///< acceptable_use_policy: the policy's name
  std::string url;
  std::optional<bool> updatable;   ///< acceptable_use_policy: the licensor may change it
  std::string scope;               ///< output_restriction / geographic_exclusion
  std::string except;              ///< output_restriction: the allowed exception
  std::vector<std::string> items;  ///< field_of_use fields, geographic regions, use restrictions
  std::string trigger;     ///< termination: breach | litigation | revenue | guardrails | at-will |
                           ///< exceeding-use
  bool automatic = false;  ///< termination without notice
  std::string law;         ///< governing_law
  std::string courts;      ///< governing_law
};

struct LicenseVersion {
  std::string version;                ///< "3.1", "2024-02-21", "1.0"
  std::string date;                   ///< ISO date, "2024-07-23"; may be empty when unknown
  std::string date_kind = "release";  ///< release | effective | last-modified
  std::string note;
};

/// One license of the knowledge base.
struct LicenseEntry {
  std::string key;  ///< as in data/license-keys.csv
  std::string name;
  std::string family;    ///< the data file's family ("llama", "rail", ...)
  std::string licensor;  ///< who grants it ("Meta", "Google", ...); may be empty
  LicenseKind kind = LicenseKind::kUnknown;
  bool osi_approved = false;
  std::string spdx;                   ///< SPDX id, empty when none
  std::vector<std::string> hf_ids;    ///< Hugging Face `license:` ids
  std::vector<std::string> scancode;  ///< ScanCode license keys
  std::vector<std::string> aliases;   ///< other spellings seen in cards and metadata
  std::string url;                    ///< where the official text lives
  std::string confidence;             ///< "text" (checked against a full text), "secondary", "none"
  std::string summary;                ///< one sentence, our own words
  std::vector<LicenseVersion> versions;
  std::array<Permission, 5> permissions;  ///< in kUseCases order
  std::vector<LicenseTerm> terms;

  /// The permission for a use case of kUseCases; REQUIRES: a valid use case.
  const Permission& ForUseCase(std::string_view use_case) const;
  /// The first term of this type, or nullptr.
  const LicenseTerm* Find(std::string_view type) const;
  /// Every term of this type.
  std::vector<const LicenseTerm*> FindAll(std::string_view type) const;
};

class LicenseKnowledgeBase {
 public:
  /// The knowledge base compiled into the library from data/licenses/*.yaml. Empty if the data
  /// fails to load (the tests load it with LoadBuiltin and report why).
  static const LicenseKnowledgeBase& Builtin();

  /// Loads every embedded data/licenses/*.yaml file.
  static Status LoadBuiltin(LicenseKnowledgeBase* out);

  /// Parses one family file and adds its entries. file names the source in error messages.
  /// Fails on malformed or over-limit YAML, unknown keys or values, missing required fields and
  /// on a key that is already loaded.
  Status AddFamily(std::string_view yaml, std::string_view file,
                   const Limits& limits = DefaultLimits());

  /// The entry with exactly this key, or nullptr.
  const LicenseEntry* Find(std::string_view key) const;
  /// The entry whose key, name, Hub id, SPDX id, ScanCode key or alias matches text after
  /// NormaliseLicenseId, or nullptr.
  const LicenseEntry* Recognise(std::string_view text) const;

  /// Every way this knowledge base and table disagree: keys missing on either side, kinds,
  /// OSI flags, Hub or SPDX ids that differ, aliases the table resolves to another key.
  std::vector<std::string> Inconsistencies(const LicenseTable& table) const;

  const std::vector<LicenseEntry>& entries() const { return entries_; }

 private:
  std::vector<LicenseEntry> entries_;
};

}  // namespace openness

#endif  // OPENNESS_LICENSE_TERMS_H_
