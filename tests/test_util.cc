#include "test_util.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

namespace openness::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "openness-test-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  if (made == nullptr) std::abort();
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::Write(std::string_view rel, std::string_view bytes) const {
  std::filesystem::path p = path_ / std::filesystem::path(rel);
  std::filesystem::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p;
}

std::string ReadFileOrDie(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::filesystem::path SourceDir() { return OPENNESS_SOURCE_DIR; }

std::optional<std::filesystem::path> SharedDir() {
  if (const char* env = std::getenv("OPENNESS_SHARED_DIR")) {
    if (std::filesystem::is_directory(env)) return std::filesystem::path(env);
    return std::nullopt;
  }
  std::filesystem::path p = SourceDir().parent_path() / "shared";
  if (std::filesystem::is_directory(p / "corpus")) return p;
  return std::nullopt;
}

}  // namespace openness::testing

#include <sys/wait.h>

#include <set>

namespace openness::testing {
namespace {

using Json = nlohmann::json;

struct Checker {
  std::vector<std::string> errors;

  void Fail(const std::string& path, const std::string& what) { errors.push_back(path + ": " + what); }

  bool Has(const Json& j, const std::string& path, const char* key) {
    if (!j.is_object() || !j.contains(key)) {
      Fail(path, std::string("missing field '") + key + "'");
      return false;
    }
    return true;
  }
  void String(const Json& j, const std::string& path, const char* key, bool nullable = false) {
    if (!Has(j, path, key)) return;
    const Json& v = j[key];
    if (!(v.is_string() || (nullable && v.is_null()))) Fail(path + "." + key, "not a string");
  }
  void Enum(const Json& j, const std::string& path, const char* key,
            std::initializer_list<const char*> values, bool nullable = false) {
    if (!Has(j, path, key)) return;
    const Json& v = j[key];
    if (nullable && v.is_null()) return;
    if (!v.is_string()) return Fail(path + "." + key, "not a string");
    for (const char* ok : values) {
      if (v == ok) return;
    }
    Fail(path + "." + key, "unexpected value " + v.dump());
  }
  void Evidence(const Json& e, const std::string& path) {
    if (!e.is_object()) return Fail(path, "evidence is not an object");
    for (const char* k : {"file", "key", "url", "excerpt"}) String(e, path, k, true);
    if (Has(e, path, "line") && !(e["line"].is_null() || e["line"].is_number_integer())) {
      Fail(path + ".line", "not an integer or null");
    }
    if (e.contains("excerpt") && e["excerpt"].is_string() &&
        e["excerpt"].get<std::string>().size() > 200) {
      Fail(path + ".excerpt", "longer than 200 bytes");
    }
  }
  void EvidenceArray(const Json& j, const std::string& path, const char* key) {
    if (!Has(j, path, key)) return;
    if (!j[key].is_array()) return Fail(path + "." + key, "not an array");
    for (size_t i = 0; i < j[key].size(); ++i) {
      Evidence(j[key][i], path + "." + key + "[" + std::to_string(i) + "]");
    }
  }
};

}  // namespace

std::vector<std::string> ContractViolations(const Json& r) {
  Checker c;
  if (!r.is_object()) return {"report is not an object"};
  if (r.value("schema", "") != "openness/report/v1") c.Fail("", "schema is not openness/report/v1");
  if (c.Has(r, "", "tool")) {
    c.String(r["tool"], "tool", "name");
    c.String(r["tool"], "tool", "version");
  }
  if (c.Has(r, "", "subject")) {
    const Json& s = r["subject"];
    c.Enum(s, "subject", "source", {"local", "file", "hub", "hf-cache", "ollama"});
    c.String(s, "subject", "id");
    c.String(s, "subject", "path", true);
    c.String(s, "subject", "revision", true);
  }
  if (c.Has(r, "", "weights")) {
    const Json& w = r["weights"];
    if (c.Has(w, "weights", "published") && !(w["published"].is_boolean() || w["published"].is_null())) {
      c.Fail("weights.published", "not a boolean or null");
    }
    if (c.Has(w, "weights", "formats") && !w["formats"].is_array()) c.Fail("weights.formats", "not an array");
    if (c.Has(w, "weights", "parameters") &&
        !(w["parameters"].is_number_unsigned() || w["parameters"].is_number_integer() ||
          w["parameters"].is_null())) {
      c.Fail("weights.parameters", "not an integer or null");
    }
    if (c.Has(w, "weights", "files")) {
      for (const Json& f : w["files"]) {
        c.String(f, "weights.files[]", "path");
        c.String(f, "weights.files[]", "format");
        if (c.Has(f, "weights.files[]", "bytes") && !f["bytes"].is_number_integer()) {
          c.Fail("weights.files[].bytes", "not an integer");
        }
        c.String(f, "weights.files[]", "sha256", true);
      }
    }
  }
  if (c.Has(r, "", "license")) {
    const Json& l = r["license"];
    if (c.Has(l, "license", "effective")) {
      if (l["effective"].empty()) c.Fail("license.effective", "empty");
      for (const Json& e : l["effective"]) {
        for (const char* k : {"key", "name", "spdx"}) c.String(e, "license.effective[]", k);
        for (const char* k : {"osi_approved", "open"}) {
          if (c.Has(e, "license.effective[]", k) && !e[k].is_boolean()) {
            c.Fail(std::string("license.effective[].") + k, "not a boolean");
          }
        }
      }
    }
    if (c.Has(l, "license", "declared")) {
      for (const Json& d : l["declared"]) {
        c.String(d, "license.declared[]", "value");
        if (c.Has(d, "license.declared[]", "evidence")) c.Evidence(d["evidence"], "license.declared[].evidence");
      }
    }
    if (c.Has(l, "license", "detected")) {
      for (const Json& d : l["detected"]) {
        c.String(d, "license.detected[]", "key");
        if (c.Has(d, "license.detected[]", "confidence") &&
            !(d["confidence"].is_number() && d["confidence"] >= 0 && d["confidence"] <= 1)) {
          c.Fail("license.detected[].confidence", "not a number in 0..1");
        }
        if (c.Has(d, "license.detected[]", "evidence")) c.Evidence(d["evidence"], "license.detected[].evidence");
      }
    }
  }
  if (c.Has(r, "", "rights")) {
    for (const char* u : {"commercial", "saas", "redistribute", "derivatives", "train-other-models"}) {
      if (!c.Has(r["rights"], "rights", u)) continue;
      const Json& right = r["rights"][u];
      const std::string path = std::string("rights.") + u;
      c.Enum(right, path, "status", {"allowed", "conditional", "prohibited", "unknown"});
      if (c.Has(right, path, "conditions")) {
        for (const Json& cond : right["conditions"]) {
          c.String(cond, path + ".conditions[]", "code");
          c.String(cond, path + ".conditions[]", "text");
          if (c.Has(cond, path + ".conditions[]", "evidence")) {
            c.Evidence(cond["evidence"], path + ".conditions[].evidence");
          }
        }
      }
    }
  }
  if (c.Has(r, "", "components")) {
    static const char* kIds[] = {
        "model-architecture", "model-parameters-final", "model-parameters-intermediate",
        "training-code", "inference-code", "evaluation-code", "data-preprocessing-code",
        "supporting-libraries", "datasets", "evaluation-data", "model-metadata",
        "sample-model-outputs", "model-card", "data-card", "technical-report", "research-paper",
        "evaluation-results"};
    for (const char* id : kIds) {
      if (!c.Has(r["components"], "components", id)) continue;
      const Json& comp = r["components"][id];
      const std::string path = std::string("components.") + id;
      c.Enum(comp, path, "status", {"present", "absent", "unknown"});
      c.String(comp, path, "license", true);
      if (c.Has(comp, path, "open") && !(comp["open"].is_boolean() || comp["open"].is_null())) {
        c.Fail(path + ".open", "not a boolean or null");
      }
      c.EvidenceArray(comp, path, "evidence");
    }
  }
  if (c.Has(r, "", "openness")) {
    const Json& o = r["openness"];
    c.Enum(o, "openness", "level",
           {"closed", "open-weights-restricted", "open-weights", "open-source", "undetermined"});
    if (c.Has(o, "openness", "osaid")) {
      c.Enum(o["osaid"], "openness.osaid", "status", {"pass", "fail", "undetermined"});
      if (c.Has(o["osaid"], "openness.osaid", "reasons")) {
        for (const Json& reason : o["osaid"]["reasons"]) {
          c.String(reason, "openness.osaid.reasons[]", "code");
          c.String(reason, "openness.osaid.reasons[]", "text");
          c.EvidenceArray(reason, "openness.osaid.reasons[]", "evidence");
        }
      }
    }
    if (c.Has(o, "openness", "mof")) {
      c.Enum(o["mof"], "openness.mof", "class", {"I", "II", "III", "none"}, true);
      if (c.Has(o["mof"], "openness.mof", "progress") && !o["mof"]["progress"].is_null()) {
        for (const char* cls : {"III", "II", "I"}) c.Has(o["mof"]["progress"], "openness.mof.progress", cls);
      }
    }
  }
  if (c.Has(r, "", "lineage")) {
    for (const Json& l : r["lineage"]) {
      c.String(l, "lineage[]", "id");
      c.Enum(l, "lineage[]", "relation", {"finetune", "adapter", "merge", "quantized", "unknown"});
      c.String(l, "lineage[]", "license", true);
      if (c.Has(l, "lineage[]", "evidence")) c.Evidence(l["evidence"], "lineage[].evidence");
    }
  }
  if (c.Has(r, "", "findings")) {
    for (const Json& f : r["findings"]) {
      c.String(f, "findings[]", "code");
      c.Enum(f, "findings[]", "severity", {"error", "warning", "info"});
      c.String(f, "findings[]", "message");
      c.EvidenceArray(f, "findings[]", "evidence");
    }
  }
  return c.errors;
}

int RunOpenness(const std::string& args, std::string* out, std::string* err) {
  TempDir tmp;
  const std::string out_path = (tmp.path() / "out").string();
  const std::string err_path = (tmp.path() / "err").string();
  // The watchdog turns a hang into exit status 124 instead of a stuck test run.
  const std::string cmd = std::string("NO_COLOR=1 timeout 300 '") + OPENNESS_BINARY + "' " +
                          args + " >'" + out_path + "' 2>'" + err_path + "'";
  const int raw = std::system(cmd.c_str());
  *out = ReadFileOrDie(out_path);
  if (err != nullptr) *err = ReadFileOrDie(err_path);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

}  // namespace openness::testing
