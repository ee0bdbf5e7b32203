// Known entities: well-known code repositories, datasets and base models, with their licenses.
//
// Model cards link to GPT-NeoX, name the Pile or build on Llama 2; an offline audit cannot open
// those pages, so our own data files (data/known-repositories.yaml, data/known-datasets.yaml,
// data/known-base-models.yaml) say which license each is published under and where that is
// stated. Every license taken from them is reported with KnownEvidence(), so a reader can tell it
// came from our data and not from the release.
//
// Thread safety: the built-in tables are immutable after first use; const methods are safe to
// call from several threads.
#ifndef OPENNESS_KNOWN_ENTITIES_H_
#define OPENNESS_KNOWN_ENTITIES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/evidence.h"
#include "openness/status.h"

namespace openness {

struct KnownRepository {
  std::string url;                   ///< "github.com/owner/repo" as written in the data file
  std::vector<std::string> aliases;  ///< former locations, same form
  std::string name;
  std::string license;             ///< a license key
  std::string source;              ///< where the license is stated
  std::vector<std::string> roles;  ///< MOF component ids the repository provides

  bool HasRole(std::string_view role) const;
  /// True when the repository is only a general library (never a model's own training code).
  bool LibraryOnly() const;
};

struct KnownDataset {
  std::string id;                    ///< Hugging Face dataset id
  std::vector<std::string> ids;      ///< other ids and spellings
  std::vector<std::string> phrases;  ///< names in prose
  std::string name;
  std::string license;  ///< a license key
  std::string note;     ///< why the license is what it is, when it needs saying
  std::string source;
  std::vector<std::string> preprocessing;  ///< repository urls
};

struct KnownBaseModel {
  std::string family;
  std::vector<std::string> ids;      ///< globs over "org/name"
  std::vector<std::string> names;    ///< globs over the name part
  std::vector<std::string> phrases;  ///< names in prose
  std::string license;               ///< a license key
  std::string source;
  std::optional<std::string> osaid;  ///< "pass" | "fail" where the OSI published a result
  std::string osaid_source;
  /// Licenses the weights were published under before a relicensing (phi-2: the Microsoft
  /// Research License before MIT), with where the change is recorded.
  std::vector<std::string> former_licenses;
  std::string former_source;
};

/// A phrase found in text: which entry, and where.
template <typename T>
struct PhraseMatch {
  const T* entry = nullptr;
  size_t offset = 0;
  size_t length = 0;
};

class KnownEntities {
 public:
  /// The tables compiled into the library from data/known-*.yaml.
  static const KnownEntities& Builtin();

  /// Parses the three data files. Returns an error naming the file on malformed input.
  static Status Parse(std::string_view repositories_yaml, std::string_view datasets_yaml,
                      std::string_view base_models_yaml, KnownEntities* out);

  /// The repository a URL points into (any https://github.com/owner/repo/... form), or nullptr.
  const KnownRepository* FindRepository(std::string_view url) const;
  /// The repository with this exact data-file url (as in KnownDataset::preprocessing), or nullptr.
  const KnownRepository* RepositoryByUrl(std::string_view url) const;

  /// A dataset by Hugging Face id, front-matter spelling or https://huggingface.co/datasets/ URL.
  const KnownDataset* FindDataset(std::string_view id_or_url) const;
  /// Every dataset phrase in text (whole words; see PhraseMatches for the case rule).
  std::vector<PhraseMatch<KnownDataset>> FindDatasetPhrases(std::string_view text) const;

  /// The base model a Hub id ("org/name", or a huggingface.co URL) belongs to, or nullptr.
  const KnownBaseModel* FindBaseModel(std::string_view id_or_url) const;
  /// Every base-model phrase in text.
  std::vector<PhraseMatch<KnownBaseModel>> FindBaseModelPhrases(std::string_view text) const;

  const std::vector<KnownRepository>& repositories() const { return repositories_; }
  const std::vector<KnownDataset>& datasets() const { return datasets_; }
  const std::vector<KnownBaseModel>& base_models() const { return base_models_; }

 private:
  std::vector<KnownRepository> repositories_;
  std::vector<KnownDataset> datasets_;
  std::vector<KnownBaseModel> base_models_;
};

/// "github.com/owner/repo" (lower case) for a GitHub URL, or "" when url is not one.
std::string GithubRepositoryOf(std::string_view url);

/// Glob match with '*' (any run of characters), ASCII case-insensitive. Pure.
bool GlobMatch(std::string_view pattern, std::string_view text);

/// True when phrase occurs in text at offset as whole words. Case rule: the first letter is
/// compared case-insensitively, the rest exactly ("the Pile" matches "The Pile" but "The Stack"
/// does not match "the stack"). A phrase followed by '.' and a digit does not match: that is a
/// later version ("Llama 3" is not "Llama 3.1") Nor does a name ending in a letter followed
/// by a version number ("Stable Diffusion 2", "Gemma-2", "... v1"); a parameter count ("Pythia
/// 12B", "Mixtral 8x7B") is the same family.
bool PhraseAt(std::string_view text, size_t offset, std::string_view phrase);

/// Evidence for a license taken from one of our data files: key "<table>:<entry>", url the
/// source, excerpt saying so.
Evidence KnownEvidence(std::string_view table, std::string_view entry, std::string_view source,
                       std::string_view what);

}  // namespace openness

#endif  // OPENNESS_KNOWN_ENTITIES_H_
