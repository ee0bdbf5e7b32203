// openness bom: an AI bill of materials (CycloneDX 1.6 or SPDX 3.0.1) for one release.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

#include "commands.h"
#include "exit_status.h"
#include "openness/bom.h"
#include "openness/scan.h"

namespace openness::cli {
namespace {

constexpr const char* kBomHelp =
    R"(Write an AI bill of materials for a model release: the model with its
licenses, weights files (with SHA-256 when --hash is given), datasets,
evaluation results, links and base-model chain, as CycloneDX 1.6 JSON or
SPDX 3.0.1 JSON-LD (AI and Dataset profiles). docs/bom.md describes both.

The output is deterministic: the same release gives the same bytes. No time
is recorded unless --timestamp is given (SOURCE_DATE_EPOCH, when set, is the
time it records).

examples:
  openness bom ./my-model                          CycloneDX to stdout
  openness bom ./my-model --format spdx3 -o bom.spdx.json
  openness bom ./my-model --hash                   with SHA-256 of the weights

exit status: 0 written, 2 the target could not be read or the file written,
64 bad usage.)";

// --timestamp: SOURCE_DATE_EPOCH when set (reproducible builds), else now.
bool TimestampNow(std::string* out, std::string* err) {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch != nullptr && *epoch != '\0') {
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(epoch, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0) {
      *err = std::string("SOURCE_DATE_EPOCH '") + epoch + "' is not a number of seconds";
      return false;
    }
    t = static_cast<std::time_t>(v);
  }
  *out = UtcTimestamp(t);
  return true;
}

}  // namespace

int RunBom(int argc, char** argv) {
  CLI::App app(kBomHelp, "openness bom");
  app.get_formatter()->column_width(28);
  std::string target;
  std::string format = "cyclonedx";
  std::string output;
  bool hash = false;
  bool timestamp = false;
  unsigned threads = 0;
  app.add_option("target", target, "a model folder or file")->required();
  app.add_option("-f,--format", format, "cyclonedx (default) or spdx3")
      ->check(CLI::IsMember(BomFormatNames()));
  app.add_option("-o,--output", output, "write to this file instead of stdout");
  app.add_flag("--hash", hash, "read the weights files and record their SHA-256");
  app.add_option("--threads", threads, "files hashed at once (default: one per CPU)")
      ->check(CLI::Range(1u, HashOptions::kMaxThreads));
  app.add_flag("--timestamp", timestamp, "record the creation time (the output then varies)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  BomFormat bom_format = BomFormat::kCycloneDx;
  ParseBomFormat(format, &bom_format);
  BomOptions bom_options;
  if (timestamp) {
    std::string err;
    if (!TimestampNow(&bom_options.timestamp, &err)) {
      std::fprintf(stderr, "openness: %s\n", err.c_str());
      return kExitUsage;
    }
  }

  ScanOptions scan;
  scan.hash = hash;
  scan.hash_options.threads = threads;
  ScanResult result;
  Status s = ScanPath(target, scan, &result);
  if (!s.ok()) {
    std::fprintf(stderr, "openness: %s\n", s.ToString().c_str());
    return kExitUnreadable;
  }
  for (const Problem& p : result.problems) {
    std::fprintf(stderr, "openness: %s%s%s\n", p.file.c_str(), p.file.empty() ? "" : ": ",
                 p.status.ToString().c_str());
  }
  std::string out;
  s = RenderBom(result.report, bom_format, bom_options, &out);
  if (!s.ok()) {
    std::fprintf(stderr, "openness: %s: %s\n", target.c_str(), s.ToString().c_str());
    return kExitUnreadable;
  }
  if (output.empty()) {
    std::fputs(out.c_str(), stdout);
    return kExitAudited;
  }
  FILE* f = std::fopen(output.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "openness: %s: %s\n", output.c_str(), std::strerror(errno));
    return kExitUnreadable;
  }
  const bool written = std::fwrite(out.data(), 1, out.size(), f) == out.size();
  if (std::fclose(f) != 0 || !written) {
    std::fprintf(stderr, "openness: %s: write failed\n", output.c_str());
    return kExitUnreadable;
  }
  return kExitAudited;
}

}  // namespace openness::cli
