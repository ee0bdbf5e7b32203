// RenderText: the terminal report. Readable in 80 columns; colour only when options.color.
#include <fmt/format.h>

#include "openness/report_writer.h"

namespace openness {
namespace {

struct Palette {
  bool on;
  std::string Paint(std::string_view text, std::string_view code) const {
    if (!on) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  std::string Bold(std::string_view t) const { return Paint(t, "1"); }
  std::string Dim(std::string_view t) const { return Paint(t, "2"); }
  std::string Green(std::string_view t) const { return Paint(t, "32"); }
  std::string Yellow(std::string_view t) const { return Paint(t, "33"); }
  std::string Red(std::string_view t) const { return Paint(t, "31"); }
};

std::string Where(const Evidence& e) {
  std::string out;
  if (e.file) {
    out = *e.file;
    if (e.line) out += ":" + std::to_string(*e.line);
  }
  if (e.key) out += (out.empty() ? "" : " ") + std::string("[") + *e.key + "]";
  if (e.url) out += (out.empty() ? "" : " ") + *e.url;
  return out;
}

// Greedy word wrap of text into lines of at most width columns, each prefixed by indent; lines
// after the first get `hang` more spaces (for "- " list items).
std::string Wrap(std::string_view text, size_t indent, size_t width, size_t hang = 0) {
  std::string out, line;
  size_t room = width > indent + 20 ? width - indent : 20;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && line.size() + 1 + word.size() > room) {
      out += std::string(indent, ' ') + line + "\n";
      line.clear();
      if (hang > 0) {
        indent += hang;
        room = room > hang + 20 ? room - hang : 20;
        hang = 0;
      }
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
  return out;
}

std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string HumanParameters(uint64_t n) {
  if (n >= 1'000'000'000) return fmt::format("{:.1f}B", static_cast<double>(n) / 1e9);
  if (n >= 1'000'000) return fmt::format("{:.1f}M", static_cast<double>(n) / 1e6);
  return Thousands(n);
}

std::string StatusWord(const Palette& p, RightStatus s) {
  const std::string name(RightStatusName(s));
  switch (s) {
    case RightStatus::kAllowed: return p.Green(name);
    case RightStatus::kConditional: return p.Yellow(name);
    case RightStatus::kProhibited: return p.Red(name);
    case RightStatus::kUnknown: return p.Dim(name);
  }
  return name;
}

std::string LevelWord(const Palette& p, const std::string& level) {
  if (level == "open-source") return p.Green(level);
  if (level == "open-weights") return p.Green(level);
  if (level == "open-weights-restricted") return p.Yellow(level);
  if (level == "closed") return p.Red(level);
  return p.Dim(level);
}

std::string SeverityWord(const Palette& p, Severity s) {
  const std::string name = fmt::format("{:<7}", SeverityName(s));  // followed by the code
  switch (s) {
    case Severity::kError: return p.Red(name);
    case Severity::kWarning: return p.Yellow(name);
    case Severity::kInfo: return p.Dim(name);
  }
  return name;
}

}  // namespace

std::string RenderText(const Report& r, const TextOptions& options) {
  const Palette p{options.color};
  const size_t width = static_cast<size_t>(options.width < 40 ? 40 : options.width);
  std::string out;
  out += p.Bold(r.subject.id) + p.Dim(fmt::format("  ({}{})", r.subject.source,
                                                  r.subject.path ? ": " + *r.subject.path : ""));
  out += "\n\n";

  // What the release contains.
  out += p.Bold("Weights") + "\n";
  const Weights& w = r.weights;
  if (w.files.empty()) {
    out += "  no weights files in the release\n";
  } else {
    size_t present = 0;
    for (const WeightsFile& f : w.files) present += f.present ? 1 : 0;
    std::string formats;
    for (const std::string& f : w.formats) formats += (formats.empty() ? "" : ", ") + f;
    out += fmt::format("  {} file(s), {}", w.files.size(), formats);
    if (w.parameters) out += fmt::format(", {} parameters", HumanParameters(*w.parameters));
    out += "\n";
    if (present < w.files.size()) {
      out += fmt::format("  {} of them Git LFS pointers (not downloaded)\n",
                         w.files.size() - present);
    }
    size_t shown = 0;
    for (const WeightsFile& f : w.files) {
      if (++shown > 4) {
        out += p.Dim(fmt::format("  ... and {} more\n", w.files.size() - 4));
        break;
      }
      out += p.Dim(fmt::format("  - {} ({} bytes{})\n", f.path, Thousands(f.bytes),
                               f.error ? ", unreadable header" : ""));
    }
  }
  out += "\n";

  // License.
  out += p.Bold("License") + "\n";
  for (const EffectiveLicense& e : r.license.effective) {
    std::string tags = e.spdx;
    tags += e.osi_approved ? ", OSI-approved" : "";
    tags += e.open ? ", open" : ", not open";
    out += fmt::format("  {} ({})\n", p.Bold(e.name), tags);
  }
  for (const DeclaredLicense& d : r.license.declared) {
    Evidence where = d.evidence;
    if (where.url == d.value) where.url.reset();  // a declared link: said once
    out += fmt::format("  declared  {:<28} {}\n", d.value, p.Dim(Where(where)));
  }
  for (const DetectedLicense& d : r.license.detected) {
    out += fmt::format("  detected  {:<28} {}\n",
                       fmt::format("{} ({:.0f}%)", d.key, d.confidence * 100),
                       p.Dim(Where(d.evidence)));
  }
  out += "\n";

  // Rights.
  out += p.Bold("What you may do") + "\n";
  for (std::string_view use_case : kUseCases) {
    const Right& right = r.rights.at(std::string(use_case));
    out += fmt::format("  {:<20}{}\n", use_case, StatusWord(p, right.status));
    for (const Condition& c : right.conditions) {
      out += Wrap("- " + c.text, 6, width, 2);
      const std::string where = Where(c.evidence);
      if (!where.empty()) out += p.Dim("      " + where) + "\n";
    }
  }
  out += "\n";

  // Openness.
  const Openness& o = r.openness;
  out += p.Bold("Openness") + "  " + LevelWord(p, o.level) + "\n";
  out += Wrap(o.justification, 2, width);
  out += fmt::format("  OSAID 1.0  {}\n", o.osaid_status);
  for (const Reason& reason : o.osaid_reasons) out += Wrap("- " + reason.text, 4, width, 2);
  out += fmt::format("  MOF class  {}\n", o.mof_class ? *o.mof_class : "not assessed");
  size_t present = 0;
  for (const auto& [id, c] : r.components) present += c.status == ComponentStatus::kPresent;
  out += fmt::format("  components {} of {} found:", present, r.components.size());
  std::string names;
  for (std::string_view id : kMofComponents) {
    if (r.components.at(std::string(id)).status == ComponentStatus::kPresent) {
      names += std::string(names.empty() ? "" : ", ") + std::string(id);
    }
  }
  out += "\n" + Wrap(names.empty() ? "none" : names, 4, width);
  out += "\n";

  if (!r.lineage.empty()) {
    out += p.Bold("Lineage") + "\n";
    for (const LineageEntry& l : r.lineage) {
      out += fmt::format("  {} ({}{})  {}\n", l.id, l.relation,
                         l.license ? ", " + *l.license : "", p.Dim(Where(l.evidence)));
    }
    out += "\n";
  }

  out += p.Bold("Findings") + "\n";
  if (r.findings.empty()) out += "  none\n";
  for (const Finding& f : r.findings) {
    out += "  " + SeverityWord(p, f.severity) + " " + f.code + "\n";
    out += Wrap(f.message, 10, width);
    for (const Evidence& e : f.evidence) {
      const std::string where = Where(e);
      if (!where.empty()) out += p.Dim("          " + where) + "\n";
    }
  }
  out += "\n" + p.Dim("openness reports what the files say; it is not legal advice.") + "\n";
  return out;
}

}  // namespace openness
