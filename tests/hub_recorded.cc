#include "hub_recorded.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace openness::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

bool ReadAll(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return static_cast<bool>(in) || in.eof();
}

std::string Relative(const fs::path& path, const fs::path& shared) {
  return path.lexically_relative(shared).generic_string();
}

// Files of a card folder that are corpus bookkeeping rather than files of the repository.
bool IsBookkeeping(const std::string& name) {
  return name == "SOURCE.txt" || name == "FILE_LIST.txt" || name == "FILE_LIST_partial.txt" ||
         name == "hf_api_model.json";
}

Json ScalarToJson(const YAML::Node& n) {
  const std::string& v = n.Scalar();
  if (n.Tag() == "!") return v;  // quoted: text
  if (v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL") return nullptr;
  if (v == "true" || v == "True" || v == "TRUE") return true;
  if (v == "false" || v == "False" || v == "FALSE") return false;
  int64_t i = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
  if (ec == std::errc() && end == v.data() + v.size()) return i;
  char* dend = nullptr;
  const double d = std::strtod(v.c_str(), &dend);
  const bool numeric = v.find_first_not_of("0123456789+-.eE") == std::string::npos;
  if (numeric && dend == v.c_str() + v.size()) return d;
  return v;
}

Json YamlToJson(const YAML::Node& n, int depth) {
  if (depth > 64) return nullptr;
  switch (n.Type()) {
    case YAML::NodeType::Scalar:
      return ScalarToJson(n);
    case YAML::NodeType::Sequence: {
      Json a = Json::array();
      for (const YAML::Node& item : n) a.push_back(YamlToJson(item, depth + 1));
      return a;
    }
    case YAML::NodeType::Map: {
      Json o = Json::object();
      for (const auto& kv : n) {
        if (!kv.first.IsScalar()) continue;
        o[kv.first.Scalar()] = YamlToJson(kv.second, depth + 1);
      }
      return o;
    }
    default:
      return nullptr;
  }
}

struct IndexRow {
  std::string family, model, card_file, hf_repo;
};

std::vector<IndexRow> ReadIndex(const fs::path& cards, std::vector<std::string>* errors) {
  std::vector<IndexRow> rows;
  std::string text;
  if (!ReadAll(cards / "INDEX.csv", &text)) {
    errors->push_back("corpus/cards/INDEX.csv: cannot be read");
    return rows;
  }
  std::istringstream in(text);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> f;
    size_t pos = 0;
    for (;;) {
      const size_t comma = line.find(',', pos);
      f.push_back(line.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    if (f.size() != 6) {
      errors->push_back("corpus/cards/INDEX.csv: a row without 6 fields: " + line);
      continue;
    }
    rows.push_back({f[0], f[1], f[2], f[5]});
  }
  return rows;
}

// The Hub id of a recorded API answer, or "" when it has none.
std::string IdOf(const Json& info) {
  if (info.is_object() && info.contains("id") && info["id"].is_string()) {
    return info["id"].get<std::string>();
  }
  return "";
}

std::string ShaOf(const Json& info) {
  if (info.is_object() && info.contains("sha") && info["sha"].is_string()) {
    return info["sha"].get<std::string>();
  }
  return "";
}

class Loader {
 public:
  Loader(const fs::path& shared, FixtureHub* hub) : shared_(shared), hub_(hub) {}

  RecordedHub Load() {
    const fs::path cards = shared_ / "corpus/cards";
    rows_ = ReadIndex(cards, &out_.errors);
    const fs::path api = shared_ / "corpus/hub-api/hf_api";
    LoadModelInfos(api);
    LoadCassettes(api / "cassettes");
    LoadLists(api);
    LoadCards(cards);
    return std::move(out_);
  }

 private:
  // The card folder of a Hub id (the first INDEX.csv row naming it) not served yet.
  std::optional<fs::path> CardDirOf(const std::string& id) {
    for (const IndexRow& r : rows_) {
      if (r.hf_repo != id) continue;
      const fs::path dir = shared_ / "corpus/cards" / r.family / r.model;
      if (used_dirs_.count(dir.string()) != 0) continue;
      return dir;
    }
    return std::nullopt;
  }

  // The repo's files from its card folder.
  void AddFiles(const fs::path& dir, FixtureRepo* repo, RecordedRepo* rec) {
    std::vector<fs::path> paths;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
      if (e.is_regular_file() && !IsBookkeeping(e.path().filename().string())) {
        paths.push_back(e.path());
      }
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      std::string bytes;
      if (!ReadAll(p, &bytes)) {
        out_.errors.push_back(Relative(p, shared_) + ": cannot be read");
        continue;
      }
      const std::string name = p.filename().string();
      repo->files[name] = {std::move(bytes), false};
      rec->files.push_back(name);
    }
    used_dirs_.insert(dir.string());
    rec->card_dir = dir;
  }

  // A repo whose API answer is a recording, with the files of its card folder if any.
  void AddRecorded(const std::string& body, const Json& info, const std::string& origin,
                   std::optional<fs::path> dir) {
    const std::string id = IdOf(info);
    if (id.empty() || ShaOf(info).empty()) {
      out_.errors.push_back(origin + ": no id or sha in the recorded answer");
      return;
    }
    if (served_.count(id) != 0) return;  // the same repo recorded twice: the first answer wins
    FixtureRepo repo;
    repo.id = id;
    repo.sha = ShaOf(info);
    repo.raw_info = body;
    if (info.contains("cardData")) repo.card_data = info["cardData"];
    RecordedRepo rec;
    rec.id = id;
    rec.origin = origin;
    rec.recorded_info = info;
    if (!dir) dir = CardDirOf(id);
    if (dir) AddFiles(*dir, &repo, &rec);
    served_.insert(id);
    hub_->Add(std::move(repo));
    out_.repos.push_back(std::move(rec));
  }

  void LoadModelInfos(const fs::path& api) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(api, ec)) {
      const std::string name = e.path().filename().string();
      if (name.starts_with("model_info.") && name.ends_with(".json")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      std::string body;
      if (!ReadAll(p, &body)) {
        out_.errors.push_back(Relative(p, shared_) + ": cannot be read");
        continue;
      }
      const Json info = Json::parse(body, nullptr, false);
      AddRecorded(body, info, Relative(p, shared_), std::nullopt);
    }
  }

  void LoadCassettes(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    constexpr std::string_view kHub = "https://huggingface.co";
    constexpr std::string_view kModels = "/api/models/";
    for (const fs::path& p : files) {
      const std::string origin = Relative(p, shared_);
      YAML::Node doc;
      try {
        doc = YAML::LoadFile(p.string());
      } catch (const YAML::Exception& e) {
        out_.errors.push_back(origin + ": " + e.what());
        continue;
      }
      int n = 0;
      for (const YAML::Node& it : doc["interactions"]) {
        ++n;
        const std::string where = origin + " #" + std::to_string(n);
        try {
          const std::string uri = it["request"]["uri"].as<std::string>();
          const std::string method = it["request"]["method"].as<std::string>();
          const int code = it["response"]["status"]["code"].as<int>();
          if (!uri.starts_with(kHub) || method != "GET") {
            out_.skipped.push_back(where + ": " + method + " " + uri +
                                   " (not the Hub API: the auditor never asks it)");
            continue;
          }
          std::string path = uri.substr(kHub.size());
          path = path.substr(0, path.find('?'));
          if (!path.starts_with(kModels)) {
            out_.skipped.push_back(where + ": " + uri + " (not a model info request)");
            continue;
          }
          const std::string id = path.substr(kModels.size());
          if (code >= 300 && code < 400) {
            std::string location;
            const YAML::Node loc = it["response"]["headers"]["Location"];
            if (loc && loc.IsSequence() && loc.size() > 0) location = loc[0].as<std::string>();
            if (!location.starts_with(kModels)) {
              out_.errors.push_back(where + ": a redirect without a model Location");
              continue;
            }
            const std::string to = location.substr(kModels.size());
            hub_->AddRename(id, to);
            out_.renames.emplace_back(id, to);
          } else if (code == 200) {
            const std::string body = it["response"]["body"]["string"].as<std::string>();
            const Json info = Json::parse(body, nullptr, false);
            AddRecorded(body, info, where, std::nullopt);
          } else {
            out_.skipped.push_back(where + ": " + uri + " answered " + std::to_string(code));
          }
        } catch (const YAML::Exception& e) {
          out_.errors.push_back(where + ": " + e.what());
        }
      }
    }
  }

  void LoadLists(const fs::path& api) {
    const std::pair<const char*, std::vector<std::string>> lists[] = {
        {"list_models.excerpt.json", {""}},
        {"list_models_expand.excerpt.json", {"expand", "expand[]"}}};
    for (const auto& [name, params] : lists) {
      std::string body;
      if (!ReadAll(api / name, &body)) continue;
      for (const std::string& param : params) {
        FixtureResponse r;
        r.path = "/api/models";
        r.with_param = param;
        r.body = body;
        hub_->AddResponse(std::move(r));
      }
      out_.responses.push_back(std::string("/api/models") +
                               (params[0].empty() ? "" : "?" + params[0] + "=..."));
    }
  }

  void LoadCards(const fs::path& cards) {
    // Folders with a recorded API answer first: the recording takes the real id.
    for (const IndexRow& r : rows_) {
      const fs::path dir = cards / r.family / r.model;
      std::string body;
      if (used_dirs_.count(dir.string()) != 0 || !ReadAll(dir / "hf_api_model.json", &body)) {
        continue;
      }
      const Json info = Json::parse(body, nullptr, false);
      if (served_.count(IdOf(info)) != 0) continue;  // served already: made like the others
      AddRecorded(body, info, Relative(dir / "hf_api_model.json", shared_), dir);
    }
    for (const IndexRow& r : rows_) {
      const fs::path dir = cards / r.family / r.model;
      if (used_dirs_.count(dir.string()) != 0) continue;
      FixtureRepo repo;
      repo.id = !r.hf_repo.empty() && served_.count(r.hf_repo) == 0
                    ? r.hf_repo
                    : "corpus-" + r.family + "/" + r.model;
      if (served_.count(repo.id) != 0) {
        out_.errors.push_back(Relative(dir, shared_) + ": id " + repo.id + " taken twice");
        continue;
      }
      RecordedRepo rec;
      rec.id = repo.id;
      rec.origin = Relative(dir, shared_);
      AddFiles(dir, &repo, &rec);
      // The Hub's cardData is README.md's front matter; the license and base_model tags follow.
      if (auto it = repo.files.find("README.md"); it != repo.files.end()) {
        repo.card_data = CardDataOf(it->second.bytes);
      }
      if (repo.card_data.is_object()) {
        for (const char* key : {"license", "base_model"}) {
          if (!repo.card_data.contains(key)) continue;
          const Json& v = repo.card_data[key];
          for (const Json& x : v.is_array() ? v : Json::array({v})) {
            if (x.is_string()) repo.tags.push_back(std::string(key) + ":" + x.get<std::string>());
          }
        }
      }
      served_.insert(repo.id);
      hub_->Add(std::move(repo));
      out_.repos.push_back(std::move(rec));
    }
  }

  fs::path shared_;
  FixtureHub* hub_;
  RecordedHub out_;
  std::vector<IndexRow> rows_;
  std::set<std::string> served_;     // repo ids
  std::set<std::string> used_dirs_;  // card folders already served
};

}  // namespace

const RecordedRepo* RecordedHub::Find(const std::string& id) const {
  for (const RecordedRepo& r : repos) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

RecordedHub LoadRecordedHub(const std::filesystem::path& shared, FixtureHub* hub) {
  return Loader(shared, hub).Load();
}

Json CardDataOf(const std::string& markdown) {
  std::string_view text = markdown;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!text.starts_with("---")) return nullptr;
  const size_t first_end = text.find('\n');
  if (first_end == std::string_view::npos) return nullptr;
  size_t pos = first_end + 1;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line == "---" || line == "...") {
      try {
        const YAML::Node node =
            YAML::Load(std::string(text.substr(first_end + 1, pos - first_end - 1)));
        Json j = YamlToJson(node, 0);
        return j.is_object() ? j : Json(nullptr);
      } catch (const YAML::Exception&) {
        return nullptr;
      }
    }
    pos = end + 1;
  }
  return nullptr;
}

}  // namespace openness::testing
