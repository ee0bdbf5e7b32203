// CompareReports: the side-by-side table, built from the reports alone.
#include "openness/compare.h"

#include <fmt/format.h>

#include "report_summary.h"

namespace openness {
namespace {

using Cell = ComparisonCell;

std::string ToneOf(Tone tone) { return std::string(ToneName(tone)); }

Cell LicenseCell(const Report& r) {
  Cell c;
  c.value = LicenseNames(r);
  if (r.license.effective.empty()) {
    c.tone = ToneOf(Tone::kUnknown);
  } else {
    bool open = true;
    for (const EffectiveLicense& e : r.license.effective) open = open && e.open;
    c.tone = ToneOf(open ? Tone::kGood : Tone::kCaution);
  }
  for (const DeclaredLicense& d : r.license.declared) {
    c.items.push_back({"declared " + d.value, d.evidence});
  }
  for (const DetectedLicense& d : r.license.detected) {
    c.items.push_back(
        {fmt::format("detected {} ({:.0f} %)", d.key, d.confidence * 100), d.evidence});
  }
  return c;
}

Cell MofCell(const Report& r) {
  const Openness& o = r.openness;
  Cell c;
  if (!o.mof_class) {
    c.value = "not assessed";
    c.tone = ToneOf(Tone::kUnknown);
  } else {
    c.value = *o.mof_class == "none" ? "none reached" : "Class " + *o.mof_class;
    c.tone = ToneOf(*o.mof_class == "none" ? Tone::kBad : Tone::kGood);
  }
  if (o.mof_progress) {
    for (const MofClassInfo& m : kMofClasses) {
      auto it = o.mof_progress->find(std::string(m.id));
      if (it != o.mof_progress->end()) {
        c.items.push_back({fmt::format("Class {}: {:.0f} %", m.id, it->second), std::nullopt});
      }
    }
  }
  return c;
}

Cell WeightsCell(const Report& r) {
  Cell c;
  for (const std::string& f : r.weights.formats) c.value += (c.value.empty() ? "" : ", ") + f;
  if (c.value.empty()) c.value = "no weights files";
  if (r.weights.parameters) {
    c.value += ", " + HumanParameters(*r.weights.parameters) + " parameters";
  }
  size_t pointers = 0;
  for (const WeightsFile& f : r.weights.files) pointers += f.present ? 0 : 1;
  if (pointers > 0) {
    c.items.push_back(
        {fmt::format("{} of {} files are Git LFS pointers", pointers, r.weights.files.size()),
         std::nullopt});
  }
  return c;
}

Cell RightCell(const Report& r, std::string_view use_case) {
  auto it = r.rights.find(std::string(use_case));
  const Right right = it == r.rights.end() ? Right{} : it->second;
  Cell c;
  c.value = std::string(RightStatusName(right.status));
  c.tone = ToneOf(RightTone(right.status));
  for (const Condition& cond : right.conditions) c.items.push_back({cond.code, cond.evidence});
  return c;
}

Cell ConditionsCell(const Report& r) {
  Cell c;
  const std::vector<ConditionGroup> groups = GroupConditions(r);
  c.value = groups.empty() ? "none" : fmt::format("{} to meet", groups.size());
  for (const ConditionGroup& g : groups) {
    std::string uses;
    for (const std::string& uc : g.use_cases) uses += (uses.empty() ? "" : ", ") + uc;
    c.items.push_back({g.code + ": " + g.text + " (" + uses + ")", g.evidence});
  }
  return c;
}

Cell FindingsCell(const Report& r) {
  size_t counts[3] = {0, 0, 0};
  Cell c;
  for (const Finding& f : r.findings) {
    ++counts[static_cast<int>(f.severity)];
    if (f.severity == Severity::kInfo) continue;
    std::optional<Evidence> e;
    if (!f.evidence.empty()) e = f.evidence.front();
    c.items.push_back({std::string(SeverityName(f.severity)) + " " + f.code + ": " + f.message, e});
  }
  for (const Finding& f : r.findings) {  // information last, by code only
    if (f.severity != Severity::kInfo) continue;
    std::optional<Evidence> e;
    if (!f.evidence.empty()) e = f.evidence.front();
    c.items.push_back({"info " + f.code, e});
  }
  const auto plural = [](size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::vector<std::string> parts;
  if (counts[0] > 0) parts.push_back(plural(counts[0], "error", "errors"));
  if (counts[1] > 0) parts.push_back(plural(counts[1], "warning", "warnings"));
  if (counts[2] > 0) parts.push_back(fmt::format("{} info", counts[2]));
  for (const std::string& p : parts) c.value += (c.value.empty() ? "" : ", ") + p;
  if (c.value.empty()) c.value = "none";
  c.tone = counts[0] > 0 ? ToneOf(Tone::kBad) : counts[1] > 0 ? ToneOf(Tone::kCaution) : "";
  return c;
}

bool SameCell(const Cell& a, const Cell& b) {
  if (a.value != b.value || a.items.size() != b.items.size()) return false;
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (a.items[i].text != b.items[i].text) return false;  // evidence may differ by file name
  }
  return true;
}

}  // namespace

Comparison CompareReports(const std::vector<Report>& reports) {
  Comparison t;
  for (const Report& r : reports) {
    t.models.push_back(r.subject);
    std::string heading = r.subject.id.empty() ? "(unnamed)" : r.subject.id;
    size_t same = 0;
    for (const Report& other : reports) {
      if (&other == &r) break;
      same += other.subject.id == r.subject.id ? 1 : 0;
    }
    if (same > 0) heading += fmt::format(" ({})", same + 1);
    t.headings.push_back(std::move(heading));
  }
  const auto add_row = [&](std::string key, std::string label, auto make) {
    ComparisonRow row{std::move(key), std::move(label), {}, false};
    for (const Report& r : reports) row.cells.push_back(make(r));
    for (const Cell& c : row.cells) row.differs = row.differs || !SameCell(c, row.cells.front());
    t.rows.push_back(std::move(row));
  };
  add_row("license", "License", LicenseCell);
  add_row("level", "Openness level", [](const Report& r) {
    return Cell{r.openness.level, ToneOf(LevelTone(r.openness.level)), {}};
  });
  add_row("osaid", "OSAID 1.0", [](const Report& r) {
    return Cell{r.openness.osaid_status, ToneOf(OsaidTone(r.openness.osaid_status)), {}};
  });
  add_row("mof-class", "MOF class", MofCell);
  add_row("weights", "Weights", WeightsCell);
  for (std::string_view use_case : kUseCases) {
    add_row("right:" + std::string(use_case), std::string(UseCaseLabel(use_case)),
            [use_case](const Report& r) { return RightCell(r, use_case); });
  }
  add_row("conditions", "Key conditions", ConditionsCell);
  add_row("findings", "Findings", FindingsCell);
  return t;
}

}  // namespace openness
