// Hub evidence: what a Hub scan learns from the Hub's API beyond the release's own files.
//
// Plain data, filled by the Hub source (hub.h) into ReleaseEvidence::hub, read by the assessment
// stages: the repository's metadata (gating, the card's front matter as the Hub parsed it), the
// licenses of the dataset cards the model card names, the base-model chain with each base's
// license, and, with --history, the license changes across the repository's commits.
#ifndef OPENNESS_HUB_EVIDENCE_H_
#define OPENNESS_HUB_EVIDENCE_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "openness/evidence.h"
#include "openness/status.h"

namespace openness {

/// One file of a Hub repository, from the API's siblings (with ?blobs=true).
struct HubFileInfo {
  std::string path;
  std::optional<uint64_t> size;           ///< bytes of the file (of the LFS object for LFS)
  std::optional<std::string> lfs_sha256;  ///< SHA-256 of an LFS file's content
};

/// The API's answer for a model or dataset repository.
struct HubRepoInfo {
  std::string kind = "model";           ///< "model" | "dataset"
  std::string id;                       ///< the canonical id the API answered with
  std::string requested_id;             ///< what was asked; differs after a rename (redirect)
  std::string sha;                      ///< commit of the revision asked for
  std::optional<std::string> revision;  ///< the revision as asked (branch, tag, sha)
  std::string gated;                    ///< "" not gated; "auto" | "manual" (or "true")
  bool is_private = false;
  bool disabled = false;
  std::string last_modified;
  std::string author;
  std::vector<std::string> tags;
  nlohmann::json card_data;  ///< cardData: the card's front matter as parsed by the Hub; null
  std::vector<HubFileInfo> siblings;
  std::string api_url;   ///< the API URL of this answer (evidence)
  std::string page_url;  ///< {endpoint}/{id} or {endpoint}/datasets/{id}

  /// cardData.license (a string or a list), else the Hub's license:* tags.
  std::vector<std::string> Licenses() const;
  /// cardData.license_name, when set.
  std::optional<std::string> LicenseName() const;
  /// A string or list field of cardData as strings ("datasets", "base_model").
  std::vector<std::string> CardList(const std::string& key) const;
};

/// The license a Hub dataset card declares, for one dataset the model card names.
struct HubDatasetLicense {
  std::string id;
  std::vector<std::string> licenses;        ///< cardData.license, else license:* tags
  std::optional<std::string> license_name;  ///< cardData.license_name
  std::optional<std::string> key;           ///< the license-keys.csv key recognised, if any
  Evidence evidence;                        ///< url: the dataset's page; key: cardData.license
  Status status;                            ///< not ok when the dataset card could not be read
};

/// One model in the base_model chain, resolved on the Hub.
struct HubBaseModel {
  std::string id;
  std::string child;  ///< the model that names this one as its base
  int depth = 1;      ///< 1: a base of the audited release; 2: a base of that base; ...
  std::string relation = "unknown";  ///< finetune | adapter | merge | quantized | unknown
  std::vector<std::string> licenses;
  std::optional<std::string> license_name;
  std::optional<std::string> key;  ///< the license-keys.csv key recognised, if any
  Evidence evidence;               ///< url: the base's page; key: cardData.license
  Status status;  ///< not ok when the base could not be read (missing, private, ...)
};

/// A change of the card's declared license between two commits.
struct HubLicenseChange {
  std::string commit;               ///< the first commit with the new license
  std::string date;                 ///< its date, ISO-8601
  std::string title;                ///< its title
  std::string before_commit;        ///< the commit before it
  std::vector<std::string> before;  ///< declared license(s) before (license_name appended)
  std::vector<std::string> after;
  Evidence evidence;  ///< url of the commit, key cardData.license
};

struct HubEvidence {
  HubRepoInfo repo;
  /// The README could not be read (gated, missing): the card was rebuilt from cardData, and
  /// evidence that points into it carries key "cardData.<key>" and the API URL.
  bool card_from_api = false;
  std::vector<HubDatasetLicense> datasets;
  std::vector<HubBaseModel> bases;                ///< breadth first, each id once
  bool history_checked = false;                   ///< --history ran
  int history_commits = 0;                        ///< commits compared
  std::vector<HubLicenseChange> license_changes;  ///< oldest first
  std::vector<Status> notes;                      ///< lookups that failed without failing the scan
};

}  // namespace openness

#endif  // OPENNESS_HUB_EVIDENCE_H_
