// openness license: identify bare license texts.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "exit_status.h"
#include "openness/byte_source.h"
#include "openness/license_matcher.h"
#include "openness/limits.h"

namespace openness::cli {
namespace {

constexpr const char* kLicenseHelp =
    R"(Identify license texts: which known licenses and acceptable-use policies each
file holds, where (lines), how closely (Sorensen-Dice of token bigrams, 1.0 for
a text that normalises to exactly the reference), and for a near match what
differs from the reference. The known texts are the SPDX license list and the
AI model licenses (Llama, Gemma, RAIL, DeepSeek, Qwen, Mistral, Falcon,
Stability, NVIDIA, Yi, ...), with their versions. docs/license-matching.md
describes the method.

examples:
  openness license LICENSE
  openness license LICENSE USE_POLICY.md --format json

exit status: 0 every file was read (whether or not a license was found),
2 a file could not be read, 64 bad usage.)";

using Json = nlohmann::ordered_json;

struct FileResult {
  std::string path;
  std::string error;
  bool truncated = false;
  std::vector<LicenseMatch> matches;
  std::optional<LicenseMatch> closest;
};

bool ReadText(const std::string& path, uint64_t limit, std::string* out, bool* truncated,
              std::string* error) {
  auto file = OpenFileSource(path);
  if (!file.ok()) {
    *error = file.status().ToString();
    return false;
  }
  const uint64_t size = file.value()->size();
  *truncated = size > limit;
  const Status s = file.value()->Read(0, std::min(size, limit), out);
  if (!s.ok()) *error = s.ToString();
  return s.ok();
}

std::string Label(const LicenseMatch& m) {
  std::string s = m.name.empty() ? m.key : m.name;
  std::string id = m.from_spdx && !m.spdx.empty() ? m.spdx : m.key;
  if (!m.version.empty() && !m.from_spdx) id += ", " + m.version;
  return s + " (" + id + ")";
}

void PrintText(const FileResult& r) {
  if (!r.error.empty()) {
    std::fprintf(stderr, "openness license: %s\n", r.error.c_str());
    return;
  }
  if (r.matches.empty()) {
    std::printf("%s: no known license text", r.path.c_str());
    if (r.closest && r.closest->confidence >= 0.2) {
      std::printf(" (closest: %s, %.0f%% similar)", Label(*r.closest).c_str(),
                  r.closest->confidence * 100);
    }
    std::printf("\n");
    return;
  }
  for (const LicenseMatch& m : r.matches) {
    const char* doc =
        m.document == LicenseDocument::kAcceptableUsePolicy ? "acceptable-use policy" : "license";
    std::printf("%s: %s %s, lines %d-%d, ", r.path.c_str(), doc, Label(m).c_str(), m.start_line,
                m.end_line);
    if (m.exact) {
      std::printf("exact match\n");
    } else {
      std::printf("%.1f%% similar\n", m.confidence * 100);
      for (const LicenseDifference& d : m.differences) std::printf("    %s\n", d.text.c_str());
    }
  }
  if (r.truncated) std::printf("%s: only the first part of the file was read\n", r.path.c_str());
}

Json MatchToJson(const LicenseMatch& m) {
  Json diffs = Json::array();
  for (const LicenseDifference& d : m.differences) {
    diffs.push_back({{"kind", LicenseDifferenceKindName(d.kind)},
                     {"line", d.line},
                     {"end_line", d.end_line},
                     {"text", d.text}});
  }
  return {{"key", m.key},
          {"name", m.name},
          {"spdx", m.spdx.empty() ? Json(nullptr) : Json(m.spdx)},
          {"version", m.version.empty() ? Json(nullptr) : Json(m.version)},
          {"document", LicenseDocumentName(m.document)},
          {"confidence", m.confidence},
          {"exact", m.exact},
          {"start_line", m.start_line},
          {"end_line", m.end_line},
          {"osi_approved", m.osi_approved},
          {"differences", diffs}};
}

void PrintJson(const FileResult& r) {
  Json j = {{"file", r.path}};
  if (!r.error.empty()) {
    j["error"] = r.error;
  } else {
    Json matches = Json::array();
    for (const LicenseMatch& m : r.matches) matches.push_back(MatchToJson(m));
    j["matches"] = matches;
    j["closest"] = r.matches.empty() && r.closest ? MatchToJson(*r.closest) : Json(nullptr);
    j["truncated"] = r.truncated;
    j["error"] = nullptr;
  }
  std::printf("%s\n", j.dump().c_str());
}

}  // namespace

int RunLicense(int argc, char** argv) {
  CLI::App app(kLicenseHelp, "openness license");
  app.get_formatter()->column_width(28);
  std::vector<std::string> files;
  std::string format = "text";
  double threshold = LicenseMatchOptions{}.threshold;
  app.add_option("files", files, "license texts to identify")->required();
  app.add_option("-f,--format", format, "output format: text or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--threshold", threshold, "lowest similarity that counts as a match (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  const LicenseMatcher& matcher = LicenseMatcher::Builtin();
  LicenseMatchOptions options;
  options.threshold = threshold;
  int status = kExitAudited;
  for (const std::string& path : files) {
    FileResult r;
    r.path = path;
    std::string text;
    if (!ReadText(path, DefaultLimits().text_file_bytes, &text, &r.truncated, &r.error)) {
      status = kExitUnreadable;
    } else {
      r.matches = matcher.Match(text, options);
      if (r.matches.empty()) r.closest = matcher.Closest(text);
    }
    if (format == "json") {
      PrintJson(r);
      if (!r.error.empty()) std::fprintf(stderr, "openness license: %s\n", r.error.c_str());
    } else {
      PrintText(r);
    }
  }
  return status;
}

}  // namespace openness::cli
