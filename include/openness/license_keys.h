// License keys: the vocabulary of licenses a report can name (data/license-keys.csv).
//
// Each key has a kind that decides, until the license engine reads the actual terms, what the
// license allows: osi, open-data and open-model licenses are open; restricted and
// non-commercial ones are not; unknown says nothing.
#ifndef OPENNESS_LICENSE_KEYS_H_
#define OPENNESS_LICENSE_KEYS_H_

#include <string>
#include <string_view>
#include <vector>

namespace openness {

enum class LicenseKind {
  kOsi,             // OSI-approved open-source license
  kOpenData,        // open data / content license (CC-BY, CC0, ODC-By, ...)
  kOpenModel,       // open license written for models (OpenMDW)
  kPermissiveOther, // permissive but not OSI-approved (Apple sample code)
  kRestricted,      // use allowed with restrictions (Llama, Gemma, RAIL, ...)
  kNonCommercial,   // no commercial use
  kUnknown,         // other / unknown
};

std::string_view LicenseKindName(LicenseKind kind);  // "osi", "open-data", ...

struct LicenseKey {
  std::string key;   ///< the report key, e.g. "llama3.1"
  std::string name;  ///< "Llama 3.1 Community License Agreement"
  std::string hf_id;
  std::string spdx;  ///< SPDX id, or empty when the license has none
  LicenseKind kind = LicenseKind::kUnknown;
  std::vector<std::string> aliases;  ///< normalised spellings

  bool osi_approved() const { return kind == LicenseKind::kOsi; }
  /// Open for the weights: OSI, open data, open model or permissive licenses.
  bool open() const;
  /// The SPDX id, or "LicenseRef-openness-<key>" for licenses outside the SPDX list.
  std::string SpdxOrRef() const;
  /// True for licenses that forbid sharing modified material (the ND variants).
  bool no_derivatives() const;
};

class LicenseTable {
 public:
  /// The table compiled into the library from data/license-keys.csv.
  static const LicenseTable& Builtin();

  /// Parses the CSV text (see data/license-keys.csv for the columns). Lines starting with # are
  /// comments. Returns false with *err set on a malformed row.
  static bool Parse(std::string_view csv, LicenseTable* out, std::string* err);

  /// The entry with exactly this key, or nullptr.
  const LicenseKey* Find(std::string_view key) const;

  /// Recognises a declared license id or name: a key, Hub id, SPDX id (any case) or alias, after
  /// NormaliseLicenseId. Returns nullptr when nothing matches.
  const LicenseKey* Recognise(std::string_view declared) const;

  const std::vector<LicenseKey>& entries() const { return entries_; }

 private:
  std::vector<LicenseKey> entries_;
};

/// Lower case, trims, maps spaces and underscores to hyphens, collapses repeated hyphens, and
/// drops a trailing " license"/"-license" only when asked by the matcher. Pure.
std::string NormaliseLicenseId(std::string_view text);

}  // namespace openness

#endif  // OPENNESS_LICENSE_KEYS_H_
