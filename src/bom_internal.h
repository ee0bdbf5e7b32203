// Helpers shared by the two BOM writers (bom_cyclonedx.cc, bom_spdx3.cc): Hub URLs, license
// resolution for BOMs, evidence as text, and the content-derived identifiers. Internal to the
// library.
#ifndef OPENNESS_SRC_BOM_INTERNAL_H_
#define OPENNESS_SRC_BOM_INTERNAL_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openness/evidence.h"
#include "openness/report.h"

namespace openness::bom {

/// The Hub web site ids are resolved against.
inline constexpr std::string_view kHubSite = "https://huggingface.co";

/// True for "org/name" ids with the Hub's characters ([A-Za-z0-9._-], one '/').
bool IsHubId(std::string_view id);

/// The Hub page of the audited model, when the report's subject came from the Hub (or its cache)
/// under an org/name id.
std::optional<std::string> ModelPage(const Report& report);

/// The Hub page of a model or dataset id, when the id has the Hub's form.
std::optional<std::string> HubPage(std::string_view id, bool dataset);

/// "org/name" -> {"org", "name"}; an id without '/' -> {"", id}.
std::pair<std::string, std::string> SplitId(std::string_view id);

/// url with the characters an IRI reference may not hold (space, controls, <>"{}|\^`)
/// percent-encoded.
std::string IriSafe(std::string_view url);

/// True for 64 hex digits.
bool IsSha256Hex(std::string_view s);

/// True for "YYYY-MM-DDThh:mm:ssZ" with plausible field values.
bool IsUtcTimestamp(std::string_view s);

/// "README.md:2 (license)", "general.license in model.gguf", or the URL: for properties.
std::string EvidenceText(const Evidence& e);

/// A UUID (version 8, RFC 9562 layout) made from the first 128 bits of a SHA-256 hex digest.
std::string UuidFromDigest(std::string_view sha256_hex);

/// "LicenseRef-openness-" followed by text with every character outside [A-Za-z0-9.-] as '-'.
std::string LicenseRefFor(std::string_view text);

/// One license as the BOMs name it.
struct BomLicense {
  std::string key;                 ///< license-keys.csv key, or "" for a name no key matches
  std::string name;                ///< human-readable name
  std::string spdx;                ///< an id of the SPDX list, or "" when the license is outside it
  std::string ref;                 ///< spdx, or a LicenseRef-openness-... id
  std::optional<std::string> url;  ///< where the text is, when known
  /// The release's own file that holds the text (a license file identified as this license),
  /// relative to the release; for licenses outside the SPDX list.
  std::optional<std::string> file;
  /// Where url came from when not from the report's own evidence: "the release's license file
  /// LICENSE" or "official text, per the openness license data"; "" otherwise.
  std::string url_source;
  std::vector<Evidence> evidence;
};

/// license.effective, minus the "unknown" placeholder (an empty result: no assertion). A license
/// outside the SPDX list gets a text reference: url is the card's license_link (when it names the
/// one such license), else the release's own license file on the Hub (Hub subjects), else the
/// knowledge base's URL for the key (data/licenses/*.yaml); file is the release's license file
/// identified as it, when there is one.
std::vector<BomLicense> ConcludedLicenses(const Report& report);

/// license.declared resolved to licenses (each id of an expression on its own), de-duplicated.
std::vector<BomLicense> DeclaredLicenses(const Report& report);

/// license.declared as one SPDX expression (each declaration's expression with its ids mapped to
/// SPDX ids or LicenseRefs, several declarations joined with AND); "" when nothing is declared.
std::string DeclaredExpression(const Report& report);

/// A license key (of a dataset or base model) as a BOM license; nullopt for "unknown" or "".
/// The evidence of where the license is stated is kept; for a license outside the SPDX list its
/// URL becomes the text reference, else the knowledge base's URL for the key.
std::optional<BomLicense> LicenseOfKey(std::string_view key,
                                       const std::optional<Evidence>& evidence = std::nullopt);

/// The refs joined with AND (each once, in order); "" for none.
std::string AndExpression(const std::vector<BomLicense>& licenses);

}  // namespace openness::bom

#endif  // OPENNESS_SRC_BOM_INTERNAL_H_
