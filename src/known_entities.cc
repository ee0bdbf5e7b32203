// KnownEntities: our data files of well-known repositories, datasets and base models.
#include "openness/known_entities.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "embedded_data.h"

namespace openness {
namespace {

constexpr size_t kMaxIdBytes = 512;  // longer "ids" are not Hub ids; never matched
// Phrase search is linear per phrase; callers pass sections or sentences, and longer texts are
// searched in their first part only, which bounds the work on a hostile card.
constexpr size_t kMaxPhraseText = 256 * 1024;

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string Str(const YAML::Node& n) {
  if (!n || !n.IsScalar()) return "";
  return n.as<std::string>();
}

std::vector<std::string> StrList(const YAML::Node& n) {
  std::vector<std::string> out;
  if (!n) return out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
    return out;
  }
  if (!n.IsSequence()) return out;
  for (const YAML::Node& item : n) {
    if (item.IsScalar()) out.push_back(item.as<std::string>());
  }
  return out;
}

// "https://huggingface.co/datasets/org/name/..." -> "org/name"; "https://huggingface.co/org/name"
// -> "org/name"; anything else unchanged.
std::string HubIdOf(std::string_view s) {
  for (std::string_view prefix : {"https://", "http://"}) {
    if (s.starts_with(prefix)) s.remove_prefix(prefix.size());
  }
  for (std::string_view host : {"huggingface.co/", "hf.co/", "www.huggingface.co/"}) {
    if (s.starts_with(host)) {
      s.remove_prefix(host.size());
      if (s.starts_with("datasets/")) s.remove_prefix(9);
      size_t first = s.find('/');
      if (first == std::string_view::npos) return std::string(s);
      size_t second = s.find_first_of("/?#", first + 1);
      return std::string(s.substr(0, second));
    }
  }
  return std::string(s);
}

// The name part of "org/name".
std::string_view NamePart(std::string_view id) {
  size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

template <typename T>
std::vector<PhraseMatch<T>> PhraseMatches(std::string_view text, const std::vector<T>& entries) {
  std::vector<PhraseMatch<T>> out;
  text = text.substr(0, kMaxPhraseText);
  for (const T& e : entries) {
    for (const std::string& phrase : e.phrases) {
      if (phrase.empty()) continue;
      const char first_lower = Lower(phrase[0]);
      for (size_t i = 0; i + phrase.size() <= text.size(); ++i) {
        if (Lower(text[i]) != first_lower) continue;
        if (PhraseAt(text, i, phrase)) out.push_back({&e, i, phrase.size()});
      }
    }
  }
  // By position; at one position the longest phrase first ("The Stack v2" before "The Stack").
  std::sort(out.begin(), out.end(), [](const PhraseMatch<T>& a, const PhraseMatch<T>& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.length > b.length;
  });
  return out;
}

Status ParseRepositories(std::string_view text, std::vector<KnownRepository>* out) {
  const YAML::Node root = YAML::Load(std::string(text));
  const YAML::Node list = root["repositories"];
  if (!list || !list.IsSequence()) {
    return Status::Corruption("known-repositories.yaml: no 'repositories' list");
  }
  for (const YAML::Node& n : list) {
    KnownRepository r;
    r.url = Str(n["url"]);
    r.aliases = StrList(n["aliases"]);
    r.name = Str(n["name"]);
    r.license = Str(n["license"]);
    r.source = Str(n["source"]);
    r.roles = StrList(n["roles"]);
    if (r.url.empty() || r.license.empty() || r.source.empty()) {
      return Status::Corruption("known-repositories.yaml: an entry lacks url, license or source" +
                                (r.url.empty() ? std::string() : " (" + r.url + ")"));
    }
    out->push_back(std::move(r));
  }
  return Status::Ok();
}

Status ParseDatasets(std::string_view text, std::vector<KnownDataset>* out) {
  const YAML::Node root = YAML::Load(std::string(text));
  const YAML::Node list = root["datasets"];
  if (!list || !list.IsSequence()) {
    return Status::Corruption("known-datasets.yaml: no 'datasets' list");
  }
  for (const YAML::Node& n : list) {
    KnownDataset d;
    d.id = Str(n["id"]);
    d.ids = StrList(n["ids"]);
    d.phrases = StrList(n["phrases"]);
    d.name = Str(n["name"]);
    d.license = Str(n["license"]);
    d.note = Str(n["note"]);
    d.source = Str(n["source"]);
    d.preprocessing = StrList(n["preprocessing"]);
    if (d.id.empty() || d.license.empty() || d.source.empty()) {
      return Status::Corruption("known-datasets.yaml: an entry lacks id, license or source" +
                                (d.id.empty() ? std::string() : " (" + d.id + ")"));
    }
    out->push_back(std::move(d));
  }
  return Status::Ok();
}

Status ParseBaseModels(std::string_view text, std::vector<KnownBaseModel>* out) {
  const YAML::Node root = YAML::Load(std::string(text));
  const YAML::Node list = root["base_models"];
  if (!list || !list.IsSequence()) {
    return Status::Corruption("known-base-models.yaml: no 'base_models' list");
  }
  for (const YAML::Node& n : list) {
    KnownBaseModel b;
    b.family = Str(n["family"]);
    b.ids = StrList(n["ids"]);
    b.names = StrList(n["names"]);
    b.phrases = StrList(n["phrases"]);
    b.license = Str(n["license"]);
    b.source = Str(n["source"]);
    const std::string osaid = Str(n["osaid"]);
    if (!osaid.empty()) b.osaid = osaid;
    b.osaid_source = Str(n["osaid_source"]);
    b.former_licenses = StrList(n["former_licenses"]);
    b.former_source = Str(n["former_source"]);
    if (b.family.empty() || b.license.empty() || b.source.empty()) {
      return Status::Corruption("known-base-models.yaml: an entry lacks family, license or source" +
                                (b.family.empty() ? std::string() : " (" + b.family + ")"));
    }
    if (b.osaid && *b.osaid != "pass" && *b.osaid != "fail") {
      return Status::Corruption("known-base-models.yaml: " + b.family +
                                ": osaid must be pass or fail");
    }
    out->push_back(std::move(b));
  }
  return Status::Ok();
}

}  // namespace

bool KnownRepository::HasRole(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

bool KnownRepository::LibraryOnly() const {
  return !roles.empty() && std::all_of(roles.begin(), roles.end(), [](const std::string& r) {
    return r == "supporting-libraries";
  });
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative wildcard matching with one backtrack point: O(|pattern| * |text|) at worst.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] != '*' && Lower(pattern[p]) == Lower(text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool PhraseAt(std::string_view text, size_t offset, std::string_view phrase) {
  if (phrase.empty() || offset + phrase.size() > text.size()) return false;
  if (offset > 0 && IsAlnum(text[offset - 1])) return false;
  if (Lower(text[offset]) != Lower(phrase[0])) return false;
  if (text.substr(offset + 1, phrase.size() - 1) != phrase.substr(1)) return false;
  const size_t end = offset + phrase.size();
  if (end < text.size() && IsAlnum(text[end])) return false;
  if (end + 1 < text.size() && text[end] == '.' &&
      std::isdigit(static_cast<unsigned char>(text[end + 1]))) {
    return false;
  }
  // A name without a version followed by one ("Stable Diffusion 2", "Gemma-2", "... v1") is
  // another version; a parameter count ("Pythia 12B", "Mixtral 8x7B") is the same family.
  if (std::isalpha(static_cast<unsigned char>(phrase.back()))) {
    size_t i = end;
    if (i < text.size() && (text[i] == ' ' || text[i] == '-')) ++i;
    if (i < text.size() && (text[i] == 'v' || text[i] == 'V')) ++i;
    if (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      while (i < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
        ++i;
      }
      const bool size =
          i < text.size() && (text[i] == 'b' || text[i] == 'B' || text[i] == 'm' ||
                              text[i] == 'M' || text[i] == 'x' || text[i] == 'k' || text[i] == 'K');
      if (!size) return false;
    }
  }
  return true;
}

std::string GithubRepositoryOf(std::string_view url) {
  std::string_view s = url;
  for (std::string_view prefix : {"https://", "http://"}) {
    if (s.starts_with(prefix)) s.remove_prefix(prefix.size());
  }
  if (s.starts_with("www.")) s.remove_prefix(4);
  if (s.size() < 11 || !EqualsIgnoreCase(s.substr(0, 11), "github.com/")) return "";
  s.remove_prefix(11);
  const size_t owner_end = s.find('/');
  if (owner_end == std::string_view::npos || owner_end == 0) return "";
  std::string_view owner = s.substr(0, owner_end);
  std::string_view rest = s.substr(owner_end + 1);
  const size_t repo_end = rest.find_first_of("/?#");
  std::string_view repo = rest.substr(0, repo_end);
  if (repo.ends_with(".git")) repo.remove_suffix(4);
  if (repo.empty()) return "";
  return "github.com/" + ToLower(owner) + "/" + ToLower(repo);
}

Evidence KnownEvidence(std::string_view table, std::string_view entry, std::string_view source,
                       std::string_view what) {
  Evidence e;
  e.key = std::string(table) + ":" + std::string(entry);
  if (!source.empty()) e.url = std::string(source);
  e.WithExcerpt(std::string(what) + " (from openness data file data/" + std::string(table) +
                ".yaml)");
  return e;
}

const KnownEntities& KnownEntities::Builtin() {
  static const KnownEntities* const kBuiltin = [] {
    auto* k = new KnownEntities();
    // The embedded files are ours and tested (known_entities_test.cc); a failure leaves the
    // tables empty rather than stopping the audit.
    if (!Parse(EmbeddedData("known-repositories.yaml"), EmbeddedData("known-datasets.yaml"),
               EmbeddedData("known-base-models.yaml"), k)
             .ok()) {
      *k = KnownEntities();
    }
    return k;
  }();
  return *kBuiltin;
}

Status KnownEntities::Parse(std::string_view repositories_yaml, std::string_view datasets_yaml,
                            std::string_view base_models_yaml, KnownEntities* out) {
  *out = KnownEntities();
  try {
    Status s = ParseRepositories(repositories_yaml, &out->repositories_);
    if (s.ok()) s = ParseDatasets(datasets_yaml, &out->datasets_);
    if (s.ok()) s = ParseBaseModels(base_models_yaml, &out->base_models_);
    return s;
  } catch (const YAML::Exception& e) {
    return Status::Corruption(std::string("known entities: YAML error: ") + e.what());
  } catch (const std::exception& e) {
    return Status::Corruption(std::string("known entities: ") + e.what());
  }
}

const KnownRepository* KnownEntities::FindRepository(std::string_view url) const {
  const std::string repo = GithubRepositoryOf(url);
  if (repo.empty()) return nullptr;
  return RepositoryByUrl(repo);
}

const KnownRepository* KnownEntities::RepositoryByUrl(std::string_view url) const {
  for (const KnownRepository& r : repositories_) {
    if (EqualsIgnoreCase(r.url, url)) return &r;
    for (const std::string& a : r.aliases) {
      if (EqualsIgnoreCase(a, url)) return &r;
    }
  }
  return nullptr;
}

const KnownDataset* KnownEntities::FindDataset(std::string_view id_or_url) const {
  if (id_or_url.size() > kMaxIdBytes) return nullptr;
  const std::string id = HubIdOf(id_or_url);
  for (const KnownDataset& d : datasets_) {
    if (EqualsIgnoreCase(d.id, id)) return &d;
    for (const std::string& a : d.ids) {
      if (EqualsIgnoreCase(a, id)) return &d;
    }
  }
  return nullptr;
}

std::vector<PhraseMatch<KnownDataset>> KnownEntities::FindDatasetPhrases(
    std::string_view text) const {
  return PhraseMatches(text, datasets_);
}

const KnownBaseModel* KnownEntities::FindBaseModel(std::string_view id_or_url) const {
  if (id_or_url.size() > kMaxIdBytes) return nullptr;
  const std::string id = HubIdOf(id_or_url);
  const std::string_view name = NamePart(id);
  for (const KnownBaseModel& b : base_models_) {
    for (const std::string& g : b.ids) {
      if (GlobMatch(g, id)) return &b;
    }
    for (const std::string& g : b.names) {
      if (GlobMatch(g, name)) return &b;
    }
  }
  return nullptr;
}

std::vector<PhraseMatch<KnownBaseModel>> KnownEntities::FindBaseModelPhrases(
    std::string_view text) const {
  return PhraseMatches(text, base_models_);
}

}  // namespace openness
