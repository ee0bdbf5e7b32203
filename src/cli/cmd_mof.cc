// openness mof: the Model Openness Framework class of MOF/MOT model files.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "exit_status.h"
#include "openness/limits.h"
#include "openness/mof.h"

namespace openness::cli {
namespace {

constexpr const char* kMofHelp =
    R"(Rate Model Openness Framework model files (the YAML files of the Model Openness
Tool, mot.isitopen.ai) exactly as the tool does: license resolution, open-license
lists, cumulative classes III -> II -> I and progress per class.

examples:
  openness mof Pythia-70M.yml                  class, progress and components
  openness mof models/*.yml --format json      one JSON object per line
  openness scan ./my-model --format mof > my-model.yml
                                               write a model file from an audit

exit status: 0 rated, 2 a file could not be read, 64 bad usage.)";

bool ReadFile(const std::string& path, uint64_t limit, std::string* out, std::string* err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *err = "cannot open " + path;
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  if (out->size() > limit) {
    *err = path + ": over " + std::to_string(limit) + " bytes";
    return false;
  }
  return true;
}

std::string Percent(double p) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.0f%%", p);
  return buf;
}

nlohmann::ordered_json ToJson(const std::string& file, const MofModel& model,
                              const MofEvaluation& e) {
  nlohmann::ordered_json j;
  j["file"] = file;
  j["name"] = model.name;
  j["class"] = MofClassName(e.mof_class);
  j["label"] = e.label;
  j["progress"] = {{"III", e.progress[3]}, {"II", e.progress[2]}, {"I", e.progress[1]}};
  nlohmann::ordered_json components = nlohmann::ordered_json::object();
  for (const MofComponentResult& c : e.components) {
    components[std::string(c.info->report_id)] = {
        {"name", c.info->name},
        {"status", MofStatusName(c.status)},
        {"license", c.license ? nlohmann::ordered_json(*c.license) : nlohmann::ordered_json()},
        {"type_appropriate", c.type_appropriate}};
  }
  j["components"] = components;
  j["warnings"] = e.warnings;
  return j;
}

std::string ToText(const std::string& file, const MofModel& model, const MofEvaluation& e) {
  std::string out = (model.name.empty() ? file : model.name + "  (" + file + ")") + "\n";
  out += "  MOF class  " + std::string(MofClassName(e.mof_class)) + "  " + e.label + "\n";
  out += "  progress   III " + Percent(e.progress[3]) + "  II " + Percent(e.progress[2]) + "  I " +
         Percent(e.progress[1]) + "\n";
  for (int cls = 3; cls >= 1; --cls) {
    for (const MofComponentResult& c : e.components) {
      if (c.info->mof_class != cls) continue;
      char line[200];
      std::snprintf(line, sizeof(line), "    %-4s %-33s %-11s %s\n",
                    std::string(MofClassName(cls)).c_str(), std::string(c.info->name).c_str(),
                    std::string(MofStatusName(c.status)).c_str(),
                    c.license ? c.license->c_str() : "");
      out += line;
    }
  }
  for (const std::string& w : e.warnings) out += "  note: " + w + "\n";
  return out;
}

}  // namespace

int RunMof(int argc, char** argv) {
  CLI::App app(kMofHelp, "openness mof");
  app.get_formatter()->column_width(28);
  std::vector<std::string> files;
  std::string format = "text";
  app.add_option("files", files, "MOF/MOT model files (YAML)")->required();
  app.add_option("-f,--format", format, "output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitAudited : kExitUsage;
  }
  const Limits& limits = DefaultLimits();
  int status = kExitAudited;
  bool first = true;
  for (const std::string& file : files) {
    std::string text, err;
    if (!ReadFile(file, limits.card_bytes, &text, &err)) {
      std::fprintf(stderr, "openness: %s\n", err.c_str());
      status = kExitUnreadable;
      continue;
    }
    MofModel model;
    Status s = ParseMofYaml(text, limits, &model);
    if (!s.ok()) {
      std::fprintf(stderr, "openness: %s: %s\n", file.c_str(), s.ToString().c_str());
      status = kExitUnreadable;
      continue;
    }
    const MofEvaluation e = EvaluateMof(model);
    if (format == "json") {
      std::printf("%s\n", ToJson(file, model, e)
                              .dump(files.size() > 1 ? -1 : 2, ' ', false,
                                    nlohmann::ordered_json::error_handler_t::replace)
                              .c_str());
    } else {
      if (!first) std::fputs("\n", stdout);
      std::fputs(ToText(file, model, e).c_str(), stdout);
    }
    first = false;
  }
  return status;
}

}  // namespace openness::cli
