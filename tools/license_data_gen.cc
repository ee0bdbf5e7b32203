// license_data_gen: builds the license matcher's data.
//
//   license_data_gen index --keys data/license-keys.csv
//       --fingerprints data/license-fingerprints.tsv [--spdx .../spdx-full.json]
//       --out license_index.bin --cc license_index_data.cc
//     Compiles the SPDX list (ids, names, OSI flags, texts; when the file exists) and the AI
//     license fingerprints into the index blob the library links (src/license_index.h). Run by
//     CMake at build time; the texts never leave the build folder.
//
//   license_data_gen fingerprints --corpus ../shared/corpus/licenses
//       --in data/license-fingerprints.tsv --out data/license-fingerprints.tsv
//     Recomputes the fingerprint columns of every row from the corpus file named in its source
//     column (the lines given in its lines column). The other columns are ours and are kept.
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "license_index.h"
#include "openness/license_fingerprint.h"

namespace {

using openness::LicenseFingerprint;
using openness::LicenseIndexEntry;

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

bool WriteFile(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out << bytes;
    if (!out) return false;
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

struct KeyRow {
  std::string key, name, spdx, kind;
};

// data/license-keys.csv: key, name, hf_id, spdx, kind, aliases (the last column may hold commas).
bool ReadKeys(const std::string& path, std::vector<KeyRow>* rows,
              std::map<std::string, std::string>* spdx_to_key) {
  std::string text;
  if (!ReadFile(path, &text)) return false;
  std::istringstream in(text);
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    size_t pos = 0;
    for (int i = 0; i < 5; ++i) {
      const size_t comma = line.find(',', pos);
      if (comma == std::string::npos) {
        f.push_back(line.substr(pos));
        pos = line.size();
        break;
      }
      f.push_back(line.substr(pos, comma - pos));
      pos = comma + 1;
    }
    std::string aliases = pos < line.size() ? line.substr(pos) : "";
    if (f.size() < 5) continue;
    KeyRow row{f[0], f[1], f[3], f[4]};
    rows->push_back(row);
    // Which SPDX ids name this key: its SPDX id, its key, Hub id and aliases spelled as ids.
    std::vector<std::string> names = {f[0], f[2], f[3]};
    size_t a = 0;
    while (a <= aliases.size() && !aliases.empty()) {
      const size_t bar = aliases.find('|', a);
      names.push_back(aliases.substr(a, bar == std::string::npos ? std::string::npos : bar - a));
      if (bar == std::string::npos) break;
      a = bar + 1;
    }
    for (const std::string& n : names) {
      if (!n.empty()) spdx_to_key->emplace(Lower(n), f[0]);
    }
  }
  return true;
}

int Index(const std::map<std::string, std::string>& args) {
  auto arg = [&](const char* name) {
    auto it = args.find(name);
    return it == args.end() ? std::string() : it->second;
  };
  const std::string keys_path = arg("--keys"), fp_path = arg("--fingerprints"),
                    spdx_path = arg("--spdx"), out_path = arg("--out"), cc_path = arg("--cc");
  if (keys_path.empty() || fp_path.empty() || out_path.empty() || cc_path.empty()) {
    std::fprintf(stderr,
                 "license_data_gen index: --keys, --fingerprints, --out and --cc are required\n");
    return 64;
  }
  std::vector<KeyRow> keys;
  std::map<std::string, std::string> spdx_to_key;
  if (!ReadKeys(keys_path, &keys, &spdx_to_key)) {
    std::fprintf(stderr, "license_data_gen: cannot read %s\n", keys_path.c_str());
    return 2;
  }
  std::map<std::string, const KeyRow*> by_key;
  for (const KeyRow& k : keys) by_key[k.key] = &k;

  std::vector<LicenseIndexEntry> entries;
  // 1. The AI license fingerprints (always there: they are in the repository).
  std::string tsv, err;
  std::vector<LicenseFingerprint> fps;
  if (!ReadFile(fp_path, &tsv) || !openness::ParseLicenseFingerprints(tsv, &fps, &err)) {
    std::fprintf(stderr, "license_data_gen: %s: %s\n", fp_path.c_str(),
                 err.empty() ? "cannot read" : err.c_str());
    return 2;
  }
  for (LicenseFingerprint& fp : fps) {
    if (fp.bigrams.empty()) continue;  // a manifest row not generated yet
    auto k = by_key.find(fp.key);
    if (k == by_key.end()) {
      std::fprintf(stderr, "license_data_gen: %s: key '%s' is not in %s\n", fp_path.c_str(),
                   fp.key.c_str(), keys_path.c_str());
      return 2;
    }
    LicenseIndexEntry e;
    e.key = fp.key;
    e.name = fp.name;
    e.spdx = k->second->spdx;
    e.version = fp.version;
    e.document = fp.document;
    e.osi_approved = k->second->kind == "osi";
    e.markers = fp.markers;
    e.fingerprint = std::move(fp);
    entries.push_back(std::move(e));
  }
  const size_t ai = entries.size();

  // 2. The SPDX list, when installed. Identical texts under several ids (GPL-2.0, GPL-2.0-only,
  // GPL-2.0-or-later) are kept once, under the id that has a report key, else "-only", else the
  // shortest id.
  size_t spdx_ids = 0;
  if (!spdx_path.empty()) {
    std::string json_text;
    if (!ReadFile(spdx_path, &json_text)) {
      std::fprintf(stderr,
                   "license_data_gen: %s not found; the index holds the AI fingerprints only\n",
                   spdx_path.c_str());
    } else {
      nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
      if (!j.is_object()) {
        std::fprintf(stderr, "license_data_gen: %s is not a JSON object\n", spdx_path.c_str());
        return 2;
      }
      std::map<uint64_t, LicenseIndexEntry> by_hash;
      auto rank = [&](const LicenseIndexEntry& e) {
        return std::make_tuple(e.key == "other" ? 1 : 0,
                               e.spdx.find("-only") != std::string::npos ? 0 : 1, e.spdx.size(),
                               e.spdx);
      };
      for (auto it = j.begin(); it != j.end(); ++it) {
        const nlohmann::json& v = it.value();
        if (!v.is_object() || !v.contains("licenseText") || !v["licenseText"].is_string()) continue;
        ++spdx_ids;
        LicenseIndexEntry e;
        e.spdx = it.key();
        auto k = spdx_to_key.find(Lower(it.key()));
        e.key = k == spdx_to_key.end() ? "other" : k->second;
        e.name = v.value("name", it.key());
        e.osi_approved = v.value("osiApproved", false);
        e.from_spdx = true;
        openness::ComputeLicenseFingerprint(v["licenseText"].get<std::string>(), &e.fingerprint);
        if (e.fingerprint.tokens < 2) continue;
        auto [slot, inserted] = by_hash.emplace(e.fingerprint.exact_hash, e);
        if (!inserted && rank(e) < rank(slot->second)) slot->second = std::move(e);
      }
      for (auto& [h, e] : by_hash) entries.push_back(std::move(e));
    }
  }

  const std::string blob = openness::BuildLicenseIndex(entries);
  std::string escaped;
  for (char c : out_path) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  const std::string cc =
      "// Generated by tools/license_data_gen.cc from the SPDX list and "
      "data/license-fingerprints.tsv. Do not edit.\n"
      "#include <cstddef>\n#include <string_view>\n\n"
      "__asm__(\".section .rodata\\n\"\n"
      "        \".balign 16\\n\"\n"
      "        \".globl openness_license_index_begin\\n\"\n"
      "        \".hidden openness_license_index_begin\\n\"\n"
      "        \"openness_license_index_begin:\\n\"\n"
      "        \".incbin \\\"" +
      escaped +
      "\\\"\\n\"\n"
      "        \".globl openness_license_index_end\\n\"\n"
      "        \".hidden openness_license_index_end\\n\"\n"
      "        \"openness_license_index_end:\\n\"\n"
      "        \".byte 0\\n\"\n"
      "        \".previous\\n\");\n\n"
      "extern \"C\" const char openness_license_index_begin[];\n"
      "extern \"C\" const char openness_license_index_end[];\n\n"
      "namespace openness {\n"
      "std::string_view BuiltinLicenseIndexBlob();\n"
      "std::string_view BuiltinLicenseIndexBlob() {\n"
      "  return std::string_view(openness_license_index_begin,\n"
      "                          static_cast<std::size_t>(openness_license_index_end -\n"
      "                                                   openness_license_index_begin));\n"
      "}\n"
      "}  // namespace openness\n";
  if (!WriteFile(out_path, blob) || !WriteFile(cc_path, cc)) {
    std::fprintf(stderr, "license_data_gen: cannot write %s\n", out_path.c_str());
    return 2;
  }
  std::printf(
      "license index: %zu references (%zu fingerprints, %zu SPDX texts from %zu ids), %zu bytes\n",
      entries.size(), ai, entries.size() - ai, spdx_ids, blob.size());
  return 0;
}

int Fingerprints(const std::map<std::string, std::string>& args) {
  auto arg = [&](const char* name) {
    auto it = args.find(name);
    return it == args.end() ? std::string() : it->second;
  };
  const std::string corpus = arg("--corpus"), in_path = arg("--in"), out_path = arg("--out");
  if (corpus.empty() || in_path.empty() || out_path.empty()) {
    std::fprintf(stderr, "license_data_gen fingerprints: --corpus, --in and --out are required\n");
    return 64;
  }
  std::string tsv, err;
  std::vector<LicenseFingerprint> fps;
  if (!ReadFile(in_path, &tsv) || !openness::ParseLicenseFingerprints(tsv, &fps, &err)) {
    std::fprintf(stderr, "license_data_gen: %s: %s\n", in_path.c_str(),
                 err.empty() ? "cannot read" : err.c_str());
    return 2;
  }
  // Keep the comment block at the top of the input.
  std::vector<std::string> comments;
  {
    std::istringstream in(tsv);
    std::string line;
    while (std::getline(in, line) && !line.empty() && line[0] == '#') {
      comments.push_back(line.size() > 2 ? line.substr(2) : "");
    }
  }
  for (LicenseFingerprint& fp : fps) {
    std::string text;
    const std::string path = corpus + "/" + fp.source;
    if (!ReadFile(path, &text)) {
      std::fprintf(stderr, "license_data_gen: cannot read %s\n", path.c_str());
      return 2;
    }
    size_t pos = 0;
    for (int l = 1; l < fp.from_line && pos != std::string::npos; ++l) {
      pos = text.find('\n', pos);
      if (pos != std::string::npos) ++pos;
    }
    text = pos == std::string::npos ? "" : text.substr(pos);
    if (fp.to_line > 0) {
      size_t end = 0;
      for (int l = fp.from_line; l <= fp.to_line && end != std::string::npos; ++l) {
        end = text.find('\n', end);
        if (end != std::string::npos) ++end;
      }
      if (end != std::string::npos) text.resize(end);
    }
    openness::ComputeLicenseFingerprint(text, &fp);
    std::printf("%-34s %-12s %-22s %6u tokens\n", fp.key.c_str(), fp.version.c_str(),
                std::string(openness::LicenseDocumentName(fp.document)).c_str(), fp.tokens);
  }
  if (!WriteFile(out_path, openness::LicenseFingerprintsToTsv(fps, comments))) {
    std::fprintf(stderr, "license_data_gen: cannot write %s\n", out_path.c_str());
    return 2;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: license_data_gen index|fingerprints --flag value ...\n");
    return 64;
  }
  std::map<std::string, std::string> args;
  for (int i = 2; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  const std::string mode = argv[1];
  if (mode == "index") return Index(args);
  if (mode == "fingerprints") return Fingerprints(args);
  std::fprintf(stderr, "license_data_gen: unknown mode '%s'\n", mode.c_str());
  return 64;
}
