#include "openness/report.h"

namespace openness {

std::string_view RightStatusName(RightStatus status) {
  switch (status) {
    case RightStatus::kAllowed: return "allowed";
    case RightStatus::kConditional: return "conditional";
    case RightStatus::kProhibited: return "prohibited";
    case RightStatus::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view ComponentStatusName(ComponentStatus status) {
  switch (status) {
    case ComponentStatus::kPresent: return "present";
    case ComponentStatus::kAbsent: return "absent";
    case ComponentStatus::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "info";
}

Report Report::Empty() {
  Report r;
  r.tool_version = OPENNESS_VERSION;
  for (std::string_view u : kUseCases) r.rights[std::string(u)] = Right{};
  for (std::string_view c : kMofComponents) r.components[std::string(c)] = Component{};
  return r;
}

}  // namespace openness
