// RenderMarkdown: the report as a pull-request comment (GitHub-flavoured Markdown).
//
// Order: the verdict and the key facts, the rights table, the conditions with their citations,
// the license evidence, openness (OSAID, MOF, the 17 components folded away), lineage, findings,
// and the weights files folded away. Everything that came from the release goes through
// MarkdownText / MarkdownCode / MarkdownCellCode (markup_escape.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "markup_escape.h"
#include "openness/report_writer.h"
#include "report_summary.h"

namespace openness {
namespace {

std::string_view ToneIcon(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return "✅";
    case Tone::kCaution:
      return "⚠️";
    case Tone::kBad:
      return "⛔";
    case Tone::kUnknown:
      return "❔";
  }
  return "❔";
}

std::string_view ReasonIcon(ReasonMark mark) {
  switch (mark) {
    case ReasonMark::kMet:
      return "✅";
    case ReasonMark::kUnmet:
      return "❌";
    case ReasonMark::kUndetermined:
      return "❔";
  }
  return "❔";
}

std::string_view SeverityIcon(Severity s) {
  switch (s) {
    case Severity::kError:
      return "⛔";
    case Severity::kWarning:
      return "⚠️";
    case Severity::kInfo:
      return "ℹ️";
  }
  return "ℹ️";
}

// A link destination in <...> form; pipes are encoded so the link is safe in a table cell too.
std::string LinkTarget(std::string_view url) {
  std::string out = "<";
  for (char c : url) out += c == '|' ? std::string("%7C") : std::string(1, c);
  return out + ">";
}

// A citation of one piece of evidence: its location in code font (a link to the Hub's blob view
// for Hub subjects), the metadata key, and the URL it names. Empty when it has none.
std::string Cite(const Subject& subject, const Evidence& e, bool cell) {
  const auto code = [cell](std::string_view s) {
    return cell ? MarkdownCellCode(s) : MarkdownCode(s);
  };
  std::string out;
  if (e.file) {
    out = code(EvidenceLocation(e));
    const auto href = EvidenceFileHref(subject, e);
    if (href && href->starts_with("https://")) out = "[" + out + "](" + LinkTarget(*href) + ")";
  }
  if (e.key) out += (out.empty() ? "" : " ") + code(*e.key);
  if (e.url) {
    const std::string text = MarkdownText(*e.url);
    const auto safe = SafeWebUrl(*e.url);
    out += (out.empty() ? "" : " ") + (safe ? "[" + text + "](" + LinkTarget(*safe) + ")" : text);
  }
  return out;
}

std::string CiteAll(const Subject& subject, const std::vector<Evidence>& list, bool cell,
                    size_t max = 3) {
  std::string out;
  size_t shown = 0;
  for (const Evidence& e : list) {
    const std::string c = Cite(subject, e, cell);
    if (c.empty()) continue;
    if (shown == max) {
      out += fmt::format(", and {} more", list.size() - max);
      break;
    }
    out += (out.empty() ? "" : ", ") + c;
    ++shown;
  }
  return out;
}

// " > `excerpt`" style quote for lists; empty without an excerpt.
std::string Quote(const Evidence& e, bool cell) {
  if (!e.excerpt || e.excerpt->empty()) return "";
  return cell ? MarkdownCellCode(*e.excerpt) : MarkdownCode(*e.excerpt);
}

std::string Cell(std::string_view text) {
  const std::string t = MarkdownText(text);
  return t.empty() ? "—" : t;
}

void VerdictSection(const Report& r, std::string* out) {
  const Verdict v = SummarizeVerdict(r);
  *out += fmt::format("### {} {}: {}\n\n", ToneIcon(v.tone), MarkdownText(r.subject.id),
                      MarkdownText(v.headline));
  *out += MarkdownText(v.detail) + "\n\n";
  const std::string basis = CiteAll(r.subject, v.evidence, false, 4);
  if (!basis.empty()) *out += "<sub>Based on " + basis + ".</sub>\n\n";

  std::string weights = r.weights.formats.empty() ? "no weights files" : "";
  for (const std::string& f : r.weights.formats) weights += (weights.empty() ? "" : ", ") + f;
  if (r.weights.parameters)
    weights += ", " + HumanParameters(*r.weights.parameters) + " parameters";
  const Openness& o = r.openness;
  *out += "| License | Openness level | OSAID 1.0 | MOF class | Weights |\n";
  *out += "|---|---|---|---|---|\n";
  *out += fmt::format("| {} | {} {} | {} | {} | {} |\n\n", Cell(LicenseNames(r)),
                      ToneIcon(LevelTone(o.level)), Cell(o.level), Cell(o.osaid_status),
                      Cell(!o.mof_class             ? "not assessed"
                           : *o.mof_class == "none" ? "none reached"
                                                    : "Class " + *o.mof_class),
                      Cell(weights));
}

void Rights(const Report& r, const std::vector<ConditionGroup>& groups, std::string* out) {
  *out += "#### What you may do\n\n| Use | Status | Conditions |\n|---|---|---|\n";
  for (std::string_view use_case : kUseCases) {
    auto it = r.rights.find(std::string(use_case));
    const Right right = it == r.rights.end() ? Right{} : it->second;
    // Numbers into the list of conditions below (GitHub drops ids from comments: no anchors).
    std::string refs;
    for (size_t i = 0; i < groups.size(); ++i) {
      const auto& uc = groups[i].use_cases;
      if (std::find(uc.begin(), uc.end(), use_case) == uc.end()) continue;
      refs += fmt::format("{}{}", refs.empty() ? "" : ", ", i + 1);
    }
    *out += fmt::format("| {} | {} {} | {} |\n", UseCaseLabel(use_case),
                        ToneIcon(RightTone(right.status)), RightStatusName(right.status),
                        refs.empty() ? "—" : "see " + refs);
  }
  *out += "\n";
}

void Conditions(const Report& r, const std::vector<ConditionGroup>& groups, std::string* out) {
  if (groups.empty()) return;
  *out += "#### Conditions\n\n";
  for (size_t i = 0; i < groups.size(); ++i) {
    const ConditionGroup& g = groups[i];
    std::string applies;
    for (const std::string& uc : g.use_cases) {
      applies += (applies.empty() ? "" : ", ") + std::string(UseCaseNoun(uc));
    }
    *out += fmt::format("{}. **{}**: {} _(applies to {})_", i + 1, MarkdownText(g.code),
                        MarkdownText(g.text), applies);
    const std::string cite = Cite(r.subject, g.evidence, false);
    const std::string quote = Quote(g.evidence, false);
    if (!cite.empty() || !quote.empty()) {
      *out += "<br>\n   " + (cite.empty() ? std::string("source") : cite);
      if (!quote.empty()) *out += ": " + quote;
    }
    *out += "\n";
  }
  *out += "\n";
}

void License(const Report& r, std::string* out) {
  *out += "#### License\n\n";
  if (r.license.effective.empty()) *out += "- No license governing the weights was identified.\n";
  for (const EffectiveLicense& e : r.license.effective) {
    std::string tags = e.spdx.empty() ? "" : MarkdownCode(e.spdx);
    tags += std::string(tags.empty() ? "" : ", ") +
            (e.osi_approved ? "OSI-approved" : "not OSI-approved");
    tags += e.open ? ", open" : ", not open";
    *out += fmt::format("- Governs the weights: **{}** ({})\n", MarkdownText(e.name), tags);
  }
  for (const DeclaredLicense& d : r.license.declared) {
    *out += fmt::format("- Declared {} in {}\n", MarkdownCode(d.value),
                        Cite(r.subject, d.evidence, false));
  }
  for (const DetectedLicense& d : r.license.detected) {
    *out += fmt::format("- Detected {} ({:.0f} %) in {}\n", MarkdownCode(d.key), d.confidence * 100,
                        Cite(r.subject, d.evidence, false));
  }
  *out += "\n";
}

void OpennessSection(const Report& r, std::string* out) {
  const Openness& o = r.openness;
  *out +=
      fmt::format("#### Openness: {} {}\n\n", ToneIcon(LevelTone(o.level)), MarkdownText(o.level));
  if (!o.justification.empty()) *out += MarkdownText(o.justification) + "\n\n";
  *out += fmt::format("- **OSAID 1.0: {}**\n", MarkdownText(o.osaid_status));
  for (const Reason& reason : o.osaid_reasons) {
    *out += fmt::format("  - {} {}", ReasonIcon(MarkOf(reason)), MarkdownText(reason.text));
    const std::string cites = CiteAll(r.subject, reason.evidence, false);
    if (!cites.empty()) *out += " (" + cites + ")";
    *out += "\n";
  }
  if (o.mof_class) {
    std::string name = "no class reached";
    for (const MofClassInfo& c : kMofClasses) {
      if (c.id == *o.mof_class) name = std::string(c.name);
    }
    *out += fmt::format("- **MOF class: {}** ({})\n", MarkdownText(*o.mof_class), name);
  } else {
    *out += "- **MOF class: not assessed**\n";
  }
  if (o.mof_progress) {
    std::string bars;
    for (const MofClassInfo& c : kMofClasses) {
      auto it = o.mof_progress->find(std::string(c.id));
      if (it == o.mof_progress->end()) continue;
      bars += fmt::format("{}Class {} {:.0f} %", bars.empty() ? "" : " · ", c.id, it->second);
    }
    if (!bars.empty()) *out += "  - progress: " + bars + "\n";
  }
  size_t present = 0;
  for (const auto& [id, c] : r.components) present += c.status == ComponentStatus::kPresent;
  *out += fmt::format("- **Components: {} of {} found**\n\n", present, kMofComponents.size());

  *out += "<details><summary>The 17 Model Openness Framework components</summary>\n\n";
  *out += "| Component | Status | License | Evidence |\n|---|---|---|---|\n";
  for (std::string_view id : kMofComponents) {
    auto it = r.components.find(std::string(id));
    const Component c = it == r.components.end() ? Component{} : it->second;
    const std::string cites = CiteAll(r.subject, c.evidence, true, 2);
    *out +=
        fmt::format("| {} | {} {} | {} | {} |\n", ComponentLabel(id), ToneIcon(ComponentTone(c)),
                    ComponentStatusText(c), c.license ? MarkdownCellCode(*c.license) : "—",
                    cites.empty() ? "—" : cites);
  }
  *out += "\n</details>\n\n";
}

// One lineage entry and, nested below it, the entries whose child it is (levels[depth + 1]).
void LineageItem(const Report& r, const std::vector<std::vector<const LineageEntry*>>& levels,
                 size_t depth, const LineageEntry& e, std::string* out) {
  *out += fmt::format("{}- {} of **{}**, license {}", std::string(2 * (depth + 1), ' '),
                      MarkdownText(e.relation), MarkdownText(e.id),
                      e.license ? MarkdownCode(*e.license) : std::string("not known"));
  if (e.osaid) *out += ", OSAID " + MarkdownText(*e.osaid);
  std::vector<Evidence> cites = {e.evidence};
  if (e.license_evidence) cites.push_back(*e.license_evidence);
  const std::string cite = CiteAll(r.subject, cites, false);
  if (!cite.empty()) *out += " (" + cite + ")";
  *out += "\n";
  if (depth + 1 >= levels.size()) return;
  for (const LineageEntry* base : levels[depth + 1]) {
    if (base->child && *base->child == e.id) LineageItem(r, levels, depth + 1, *base, out);
  }
}

void Lineage(const Report& r, std::string* out) {
  if (r.lineage.empty()) return;
  *out += "#### Lineage\n\n";
  *out += fmt::format("- **{}** (this release)\n", MarkdownText(r.subject.id));
  const auto levels = LineageLevels(r);
  for (const LineageEntry* e : levels.front()) LineageItem(r, levels, 0, *e, out);
  *out += "\n";
}

void Findings(const Report& r, std::string* out) {
  *out += "#### Findings\n\n";
  if (r.findings.empty()) {
    *out += "No findings.\n\n";
    return;
  }
  *out += "| | Code | Message | Evidence |\n|---|---|---|---|\n";
  for (const Finding& f : r.findings) {
    const std::string cites = CiteAll(r.subject, f.evidence, true);
    *out += fmt::format("| {} {} | {} | {} | {} |\n", SeverityIcon(f.severity),
                        SeverityName(f.severity), MarkdownCellCode(f.code), Cell(f.message),
                        cites.empty() ? "—" : cites);
  }
  *out += "\n";
}

void WeightsSection(const Report& r, std::string* out) {
  const Weights& w = r.weights;
  if (w.files.empty()) return;
  *out += fmt::format("<details><summary>Weights: {} file(s)</summary>\n\n", w.files.size());
  *out += "| File | Format | Bytes | Parameters | Note |\n|---|---|---:|---:|---|\n";
  constexpr size_t kMaxFiles = 50;  // a PR comment holds at most 65,536 characters
  for (size_t i = 0; i < w.files.size() && i < kMaxFiles; ++i) {
    const WeightsFile& f = w.files[i];
    std::string note = f.present ? "" : "Git LFS pointer, not downloaded";
    if (f.error) note += (note.empty() ? "" : "; ") + *f.error;
    *out += fmt::format("| {} | {} | {} | {} | {} |\n", MarkdownCellCode(f.path), Cell(f.format),
                        f.bytes, f.parameters ? std::to_string(*f.parameters) : "—", Cell(note));
  }
  if (w.files.size() > kMaxFiles) {
    *out += fmt::format("\n… and {} more files.\n", w.files.size() - kMaxFiles);
  }
  *out += "\n</details>\n\n";
}

}  // namespace

std::string RenderMarkdown(const Report& r) {
  std::string out;
  const std::vector<ConditionGroup> groups = GroupConditions(r);
  VerdictSection(r, &out);
  Rights(r, groups, &out);
  Conditions(r, groups, &out);
  License(r, &out);
  OpennessSection(r, &out);
  Lineage(r, &out);
  Findings(r, &out);
  WeightsSection(r, &out);
  // Our own version string, shown as it is when it looks like one.
  const bool plain = std::all_of(r.tool_version.begin(), r.tool_version.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
  });
  out += fmt::format(
      "<sub>openness {} · it reports what the files say; it is not legal advice.</sub>\n",
      plain ? r.tool_version : MarkdownText(r.tool_version));
  return out;
}

}  // namespace openness
