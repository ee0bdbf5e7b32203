// RenderHtml: the report as one self-contained HTML page (html_page.h holds the shell and the
// stylesheet). Order: verdict and key facts, rights table, conditions, license, openness (OSAID
// checklist, MOF class progress, the 17-component grid), lineage as inline SVG, findings,
// weights files. Every string from the report goes through HtmlEscape; every href is either a
// checked http(s) URL or a percent-encoded file path (report_summary.h, EvidenceFileHref).
#include <fmt/format.h>

#include <algorithm>

#include "html_page.h"
#include "markup_escape.h"
#include "openness/report_writer.h"
#include "report_summary.h"

namespace openness {
namespace {

std::string_view ToneSymbol(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return "✓";
    case Tone::kCaution:
      return "!";
    case Tone::kBad:
      return "✗";
    case Tone::kUnknown:
      return "?";
  }
  return "?";
}

std::string Badge(std::string_view text, Tone tone) {
  return fmt::format("<span class=\"badge tone-{}\">{}</span>", ToneName(tone), HtmlEscape(text));
}

// "Class II", "no class reached" or "not assessed" (the MOF stage has not run).
std::string MofBadge(const Openness& o) {
  if (!o.mof_class) return Badge("not assessed", Tone::kUnknown);
  if (*o.mof_class == "none") return Badge("no class reached", Tone::kBad);
  return Badge("Class " + *o.mof_class, Tone::kGood);
}

std::string Code(std::string_view text) { return "<code>" + HtmlEscape(text) + "</code>"; }

// A URL as link text: without its scheme, and with the middle of a long path left out
// ("github.com/…/LICENSE").
std::string ShortUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  if (rest.size() <= 40) return std::string(rest);
  const size_t host_end = rest.find('/');
  const size_t last = rest.rfind('/');
  if (host_end == std::string_view::npos || last == host_end || rest.size() - last > 30) {
    return std::string(rest.substr(0, 39)) + "…";
  }
  return std::string(rest.substr(0, host_end)) + "/…" + std::string(rest.substr(last));
}

// One piece of evidence: a link to the file (file:line), the metadata key, the URL it names and
// the excerpt.
std::string Cite(const Subject& subject, const Evidence& e, bool with_excerpt = true) {
  std::string out;
  if (e.file) {
    const std::string where = HtmlEscape(EvidenceLocation(e));
    const auto href = EvidenceFileHref(subject, e);
    out += href ? fmt::format("<a class=\"evidence\" href=\"{}\">{}</a>", HtmlEscape(*href), where)
                : "<span class=\"evidence\">" + where + "</span>";
  }
  if (e.key) out += (out.empty() ? "" : " ") + Code(*e.key);
  if (e.url) {
    const auto safe = SafeWebUrl(*e.url);
    out += out.empty() ? "" : " ";
    out += safe ? fmt::format(
                      "<a class=\"evidence-url\" href=\"{}\" title=\"{}\" "
                      "rel=\"noopener noreferrer nofollow\">{}</a>",
                      HtmlEscape(*safe), HtmlEscape(*e.url), HtmlEscape(ShortUrl(*e.url)))
                : "<span class=\"evidence-url\">" + HtmlEscape(*e.url) + "</span>";
  }
  if (with_excerpt && e.excerpt && !e.excerpt->empty()) {
    out += (out.empty() ? "" : " ") + std::string("<q>") + HtmlEscape(*e.excerpt) + "</q>";
  }
  return out;
}

std::string CiteList(const Subject& subject, const std::vector<Evidence>& list, bool with_excerpt,
                     size_t max) {
  std::string out;
  size_t shown = 0;
  for (const Evidence& e : list) {
    if (shown == max) {
      out += fmt::format(" <span class=\"more\">and {} more</span>", list.size() - max);
      break;
    }
    const std::string c = Cite(subject, e, with_excerpt);
    if (c.empty()) continue;
    // With excerpts one citation a line; without, they run on.
    out += (out.empty() ? "" : with_excerpt ? "<br>" : " <span class=\"sep\">·</span> ") + c;
    ++shown;
  }
  return out;
}

// The citations in a block of their own; empty when there are none.
std::string CiteBlock(const Subject& subject, const std::vector<Evidence>& list, bool with_excerpt,
                      size_t max) {
  const std::string cites = CiteList(subject, list, with_excerpt, max);
  return cites.empty() ? "" : "<div class=\"cite\">" + cites + "</div>";
}

void Header(const Report& r, std::string* out) {
  std::string subject = HtmlEscape(r.subject.source);
  if (r.subject.path)
    subject += " · <span class=\"mono\">" + HtmlEscape(*r.subject.path) + "</span>";
  if (r.subject.revision) subject += " · revision " + Code(*r.subject.revision);
  *out += "<header class=\"top\">\n<p class=\"kicker\">openness audit report</p>\n";
  *out += "<h1 id=\"subject\">" + HtmlEscape(r.subject.id) + "</h1>\n";
  *out += "<p class=\"subject\">" + subject + "</p>\n</header>\n";
}

void VerdictSection(const Report& r, std::string* out) {
  const openness::Verdict v = SummarizeVerdict(r);
  const Openness& o = r.openness;
  *out += fmt::format(
      "<section id=\"verdict\" class=\"verdict tone-{}\" aria-labelledby=\"verdict-headline\">\n",
      ToneName(v.tone));
  *out += "<p class=\"kicker\">Verdict</p>\n";
  *out += fmt::format(
      "<h2 class=\"verdict-headline\" id=\"verdict-headline\"><span class=\"symbol\" "
      "aria-hidden=\"true\">{}</span> {}</h2>\n",
      ToneSymbol(v.tone), HtmlEscape(v.headline));
  *out += "<p class=\"verdict-detail\">" + HtmlEscape(v.detail) + "</p>\n";
  if (!v.evidence.empty()) {
    *out +=
        "<p class=\"basis cite\">Based on " + CiteList(r.subject, v.evidence, false, 4) + "</p>\n";
  }
  std::string weights = r.weights.formats.empty() ? "no weights files" : "";
  for (const std::string& f : r.weights.formats) weights += (weights.empty() ? "" : ", ") + f;
  if (r.weights.parameters) {
    weights += ", " + HumanParameters(*r.weights.parameters) + " parameters";
  }
  *out += "<dl class=\"facts\">\n";
  *out += "<div><dt>License</dt><dd id=\"fact-license\">" + HtmlEscape(LicenseNames(r)) +
          "</dd></div>\n";
  *out += "<div><dt>Openness level</dt><dd id=\"fact-level\">" +
          Badge(o.level, LevelTone(o.level)) + "</dd></div>\n";
  *out += "<div><dt>OSAID 1.0</dt><dd id=\"fact-osaid\">" +
          Badge(o.osaid_status, OsaidTone(o.osaid_status)) + "</dd></div>\n";
  *out += "<div><dt>MOF class</dt><dd id=\"fact-mof\">" +
          MofBadge(o) +
          "</dd></div>\n";
  *out += "<div><dt>Weights</dt><dd id=\"fact-weights\">" + HtmlEscape(weights) + "</dd></div>\n";
  *out += "</dl>\n</section>\n";
}

void RightsSection(const Report& r, const std::vector<ConditionGroup>& groups, std::string* out) {
  *out += "<section id=\"rights\">\n<h2>What you may do</h2>\n<table class=\"rights\">\n";
  *out +=
      "<thead><tr><th scope=\"col\">Use</th><th scope=\"col\">Status</th>"
      "<th scope=\"col\">Conditions</th></tr></thead>\n<tbody>\n";
  for (std::string_view use_case : kUseCases) {
    auto it = r.rights.find(std::string(use_case));
    const RightStatus status = it == r.rights.end() ? RightStatus::kUnknown : it->second.status;
    const Tone tone = RightTone(status);
    std::string refs;
    for (size_t i = 0; i < groups.size(); ++i) {
      const auto& uc = groups[i].use_cases;
      if (std::find(uc.begin(), uc.end(), use_case) == uc.end()) continue;
      refs += fmt::format("<a href=\"#condition-{}\">{}. {}</a>", i + 1, i + 1,
                          HtmlEscape(groups[i].code));
    }
    if (refs.empty()) {
      refs = status == RightStatus::kUnknown ? "<span class=\"muted\">the files do not say</span>"
                                             : "<span class=\"muted\">none listed</span>";
    }
    *out += fmt::format(
        "<tr class=\"right tone-{}\" data-use-case=\"{}\" data-status=\"{}\"><th "
        "scope=\"row\">{}</th>"
        "<td class=\"status\">{}</td><td class=\"refs\">{}</td></tr>\n",
        ToneName(tone), use_case, RightStatusName(status), UseCaseLabel(use_case),
        Badge(RightStatusName(status), tone), refs);
  }
  *out += "</tbody>\n</table>\n</section>\n";
}

void ConditionsSection(const Report& r, const std::vector<ConditionGroup>& groups,
                       std::string* out) {
  if (groups.empty()) return;
  *out += "<section id=\"conditions\">\n<h2>Conditions</h2>\n<ol class=\"conditions\">\n";
  for (size_t i = 0; i < groups.size(); ++i) {
    const ConditionGroup& g = groups[i];
    std::string applies;
    for (const std::string& uc : g.use_cases) {
      applies += (applies.empty() ? "" : ", ") + std::string(UseCaseNoun(uc));
    }
    *out += fmt::format(
        "<li id=\"condition-{}\"><span class=\"code-name\">{}</span>: {}"
        "<p class=\"muted\">Applies to {}.</p>{}</li>\n",
        i + 1, HtmlEscape(g.code), HtmlEscape(g.text), applies,
        CiteBlock(r.subject, {g.evidence}, true, 1));
  }
  *out += "</ol>\n</section>\n";
}

void LicenseSectionHtml(const Report& r, std::string* out) {
  *out += "<section id=\"license\">\n<h2>License</h2>\n<ul>\n";
  if (r.license.effective.empty()) {
    *out += "<li>No license governing the weights was identified.</li>\n";
  }
  for (const EffectiveLicense& e : r.license.effective) {
    *out += fmt::format("<li>Governs the weights: <strong>{}</strong> {} {} {}</li>\n",
                        HtmlEscape(e.name), e.spdx.empty() ? "" : Code(e.spdx),
                        Badge(e.osi_approved ? "OSI-approved" : "not OSI-approved",
                              e.osi_approved ? Tone::kGood : Tone::kUnknown),
                        Badge(e.open ? "open" : "not open", e.open ? Tone::kGood : Tone::kCaution));
  }
  for (const DeclaredLicense& d : r.license.declared) {
    *out +=
        "<li>Declared " + Code(d.value) + CiteBlock(r.subject, {d.evidence}, true, 1) + "</li>\n";
  }
  for (const DetectedLicense& d : r.license.detected) {
    *out += fmt::format("<li>Detected {} ({:.0f} % confidence){}</li>\n", Code(d.key),
                        d.confidence * 100, CiteBlock(r.subject, {d.evidence}, true, 1));
  }
  *out += "</ul>\n</section>\n";
}

void OsaidChecklist(const Report& r, std::string* out) {
  const Openness& o = r.openness;
  *out += "<div id=\"osaid\">\n<h3>OSAID 1.0 " + Badge(o.osaid_status, OsaidTone(o.osaid_status)) +
          "</h3>\n<ul class=\"osaid\">\n";
  if (o.osaid_reasons.empty()) *out += "<li class=\"muted\">No reasons recorded.</li>\n";
  for (const Reason& reason : o.osaid_reasons) {
    const ReasonMark mark = MarkOf(reason);
    const char* cls = mark == ReasonMark::kMet     ? "met"
                      : mark == ReasonMark::kUnmet ? "unmet"
                                                   : "undetermined";
    const char* sym = mark == ReasonMark::kMet ? "✓" : mark == ReasonMark::kUnmet ? "✗" : "?";
    *out += fmt::format(
        "<li class=\"reason mark-{}\" data-code=\"{}\"><span class=\"mark\" "
        "role=\"img\" aria-label=\"{}\">{}</span><div>{}{}</div></li>\n",
        cls, HtmlEscape(reason.code), cls, sym, HtmlEscape(reason.text),
        CiteBlock(r.subject, reason.evidence, false, 3));
  }
  *out += "</ul>\n</div>\n";
}

void MofProgress(const Report& r, std::string* out) {
  const Openness& o = r.openness;
  *out += "<div id=\"mof\">\n<h3>MOF class " + MofBadge(o) + "</h3>\n<div class=\"mof-bars\">\n";
  for (const MofClassInfo& c : kMofClasses) {
    std::optional<double> pct;
    if (o.mof_progress) {
      auto it = o.mof_progress->find(std::string(c.id));
      if (it != o.mof_progress->end()) pct = std::clamp(it->second, 0.0, 100.0);
    }
    const char* state = !pct ? "not-assessed" : *pct >= 100.0 ? "reached" : "partial";
    const std::string value = pct ? fmt::format("{:.0f} %", *pct) : "not assessed";
    *out += fmt::format(
        "<div class=\"mof-bar {}\" data-class=\"{}\"><div class=\"label\">"
        "<span>Class {} · {}</span><span>{}</span></div>",
        state, c.id, c.id, c.name, value);
    if (pct) {
      *out += fmt::format(
          "<div class=\"bar\" role=\"progressbar\" aria-valuemin=\"0\" "
          "aria-valuemax=\"100\" aria-valuenow=\"{:.0f}\" aria-label=\"Class {}\">"
          "<span style=\"width:{:.1f}%\"></span></div></div>\n",
          *pct, c.id, *pct);
    } else {
      *out += fmt::format(
          "<div class=\"bar\" role=\"progressbar\" aria-label=\"Class {}\" "
          "aria-valuetext=\"not assessed\"></div></div>\n",
          c.id);
    }
  }
  *out += "</div>\n</div>\n";
}

void ComponentGrid(const Report& r, std::string* out) {
  size_t present = 0;
  for (const auto& [id, c] : r.components) present += c.status == ComponentStatus::kPresent;
  *out += fmt::format(
      "<h3 id=\"components-heading\">Model Openness Framework components "
      "<span class=\"muted\">{} of {} found</span></h3>\n",
      present, kMofComponents.size());
  *out += "<p class=\"legend\">" + Badge("present", Tone::kGood) +
          Badge("present, not open", Tone::kCaution) + Badge("absent", Tone::kBad) +
          Badge("unknown", Tone::kUnknown) + "</p>\n";
  *out += "<ul class=\"components\" aria-labelledby=\"components-heading\">\n";
  for (std::string_view id : kMofComponents) {
    auto it = r.components.find(std::string(id));
    const Component c = it == r.components.end() ? Component{} : it->second;
    const Tone tone = ComponentTone(c);
    *out += fmt::format(
        "<li class=\"component tone-{}\" data-component=\"{}\" data-status=\"{}\">"
        "<span class=\"component-name\">{}</span>"
        "<span class=\"component-status\"><span aria-hidden=\"true\">{}</span> {}</span>",
        ToneName(tone), id, ComponentStatusName(c.status), ComponentLabel(id), ToneSymbol(tone),
        HtmlEscape(ComponentStatusText(c)));
    if (c.license)
      *out += "<span class=\"component-license\">license " + Code(*c.license) + "</span>";
    *out += CiteBlock(r.subject, c.evidence, false, 2) + "</li>\n";
  }
  *out += "</ul>\n";
}

void OpennessSectionHtml(const Report& r, std::string* out) {
  const Openness& o = r.openness;
  *out +=
      "<section id=\"openness\">\n<h2>Openness " + Badge(o.level, LevelTone(o.level)) + "</h2>\n";
  if (!o.justification.empty()) *out += "<p>" + HtmlEscape(o.justification) + "</p>\n";
  *out += "<div class=\"openness-grid\">\n";
  OsaidChecklist(r, out);
  MofProgress(r, out);
  *out += "</div>\n";
  ComponentGrid(r, out);
  *out += "</section>\n";
}

// Cuts text to at most max code points, ending with "…" when cut.
std::string Clip(std::string_view text, size_t max) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (count == max - 1) {
      // Is there more than one code point left?
      size_t rest = 0;
      for (size_t j = i; j < text.size(); ++j)
        rest += (static_cast<unsigned char>(text[j]) & 0xC0) != 0x80;
      if (rest > 1) return std::string(text.substr(0, i)) + "…";
      return std::string(text);
    }
    ++count;
  }
  return std::string(text);
}

struct Box {
  double x, y, w, h;
};

void SvgNode(const Box& b, std::string_view cls, std::string_view id, std::string_view sub,
             std::string* out) {
  const size_t fit = static_cast<size_t>(std::max(6.0, (b.w - 20) / 8.0));
  *out += fmt::format(
      "<g class=\"node{}\"><title>{}</title>"
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" rx=\"8\"/>",
      cls.empty() ? "" : " " + std::string(cls), HtmlEscape(id), b.x, b.y, b.w, b.h);
  *out += fmt::format(
      "<text class=\"node-id\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
      b.x + b.w / 2, b.y + 21, HtmlEscape(Clip(SanitizeText(id), fit)));
  *out += fmt::format(
      "<text class=\"node-sub\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text></g>\n",
      b.x + b.w / 2, b.y + 39, HtmlEscape(Clip(SanitizeText(sub), fit + 4)));
}

void LineageSection(const Report& r, std::string* out) {
  *out += "<section id=\"lineage\">\n<h2>Lineage</h2>\n";
  if (r.lineage.empty()) {
    *out += "<p class=\"muted\">No base model is declared.</p>\n</section>\n";
    return;
  }
  // The drawing shows at most kMaxLevels levels of kMaxPerLevel models; the list below has all.
  constexpr size_t kMaxLevels = 8, kMaxPerLevel = 4;
  auto levels = LineageLevels(r);
  if (levels.size() > kMaxLevels) levels.resize(kMaxLevels);
  constexpr double kWidth = 600, kNodeH = 50, kGap = 46, kMargin = 10;
  const double height = kMargin * 2 + kNodeH * static_cast<double>(levels.size() + 1) +
                        kGap * static_cast<double>(levels.size());
  *out += fmt::format(
      "<svg class=\"lineage\" xmlns=\"http://www.w3.org/2000/svg\" "
      "viewBox=\"0 0 {:.0f} {:.0f}\" role=\"img\" aria-labelledby=\"lineage-title\">\n"
      "<title id=\"lineage-title\">Lineage of {}: the models it derives from</title>\n",
      kWidth, height, HtmlEscape(r.subject.id));
  *out +=
      "<defs><marker id=\"lineage-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
      "<path class=\"arrow\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n";

  const auto row = [&](size_t n, size_t level) {
    std::vector<Box> boxes;
    const double count = static_cast<double>(n);
    const double w = std::min(380.0, (kWidth - kMargin * (count + 1)) / count);
    const double x0 = (kWidth - (w * count + kMargin * (count - 1))) / 2;
    const double y = kMargin + static_cast<double>(level) * (kNodeH + kGap);
    for (size_t i = 0; i < n; ++i) {
      boxes.push_back({x0 + static_cast<double>(i) * (w + kMargin), y, w, kNodeH});
    }
    return boxes;
  };

  std::vector<Box> above = row(1, 0);
  std::vector<const LineageEntry*> above_entries = {nullptr};  // nullptr: the subject
  SvgNode(above[0], "subject", r.subject.id, "this release", out);
  for (size_t l = 0; l < levels.size(); ++l) {
    std::vector<const LineageEntry*> level = levels[l];
    const size_t hidden = level.size() > kMaxPerLevel ? level.size() - kMaxPerLevel : 0;
    if (hidden > 0) level.resize(kMaxPerLevel);
    const std::vector<Box> boxes = row(level.size(), l + 1);
    for (size_t i = 0; i < level.size(); ++i) {
      const LineageEntry& e = *level[i];
      // The edge starts at the model this one is a base of (the subject on the first level).
      size_t from = 0;
      for (size_t j = 0; j < above_entries.size(); ++j) {
        if (above_entries[j] != nullptr && e.child && above_entries[j]->id == *e.child) from = j;
      }
      const Box& a = above[from];
      const Box& b = boxes[i];
      const double x1 = a.x + a.w / 2, y1 = a.y + a.h, x2 = b.x + b.w / 2, y2 = b.y - 2;
      *out += fmt::format(
          "<path class=\"edge\" d=\"M{:.1f},{:.1f} L{:.1f},{:.1f}\" "
          "marker-end=\"url(#lineage-arrow)\"/>\n",
          x1, y1, x2, y2);
      const bool straight = level.size() == 1 && above.size() == 1;
      *out += fmt::format(
          "<text class=\"edge-label\" x=\"{:.1f}\" y=\"{:.1f}\" "
          "text-anchor=\"{}\">{} of</text>\n",
          (x1 + x2) / 2 + (straight ? 8 : 0), (y1 + y2) / 2 + 4, straight ? "start" : "middle",
          HtmlEscape(e.relation));
      std::string sub = e.license ? "license " + *e.license : "license not known";
      if (e.osaid) sub += " · OSAID " + *e.osaid;
      SvgNode(b, "", e.id, sub, out);
    }
    if (hidden > 0) {
      *out += fmt::format(
          "<text class=\"edge-label\" x=\"{:.1f}\" y=\"{:.1f}\" "
          "text-anchor=\"end\">and {} more</text>\n",
          kWidth - kMargin, boxes.back().y - 6, hidden);
    }
    above = boxes;
    above_entries = level;
  }
  *out += "</svg>\n<ul class=\"lineage-list\">\n";
  for (const LineageEntry& e : r.lineage) {
    std::string extra;
    if (e.license) extra += ", license " + Code(*e.license);
    if (e.osaid) extra += ", OSAID " + HtmlEscape(*e.osaid);
    if (e.child) extra += ", base of " + HtmlEscape(*e.child);
    std::vector<Evidence> cites = {e.evidence};
    if (e.license_evidence) cites.push_back(*e.license_evidence);
    *out += fmt::format("<li data-id=\"{}\">{} of <strong>{}</strong>{}{}</li>\n", HtmlEscape(e.id),
                        HtmlEscape(e.relation), HtmlEscape(e.id), extra,
                        CiteBlock(r.subject, cites, true, 2));
  }
  *out += "</ul>\n</section>\n";
}

void FindingsSection(const Report& r, std::string* out) {
  *out += "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (r.findings.empty()) {
    *out += "<p class=\"muted\">No findings.</p>\n</section>\n";
    return;
  }
  *out += "<ul class=\"findings\">\n";
  for (const Finding& f : r.findings) {
    const Tone tone = f.severity == Severity::kError     ? Tone::kBad
                      : f.severity == Severity::kWarning ? Tone::kCaution
                                                         : Tone::kUnknown;
    *out += fmt::format(
        "<li class=\"finding severity-{}\" data-code=\"{}\">{} {}<p>{}</p>{}</li>\n",
        SeverityName(f.severity), HtmlEscape(f.code), Badge(SeverityName(f.severity), tone),
        Code(f.code), HtmlEscape(f.message), CiteBlock(r.subject, f.evidence, true, 5));
  }
  *out += "</ul>\n</section>\n";
}

void WeightsSectionHtml(const Report& r, std::string* out) {
  const Weights& w = r.weights;
  *out += "<section id=\"weights\">\n<h2>Weights</h2>\n";
  if (w.files.empty()) {
    *out += "<p class=\"muted\">No weights files in the release.</p>\n</section>\n";
    return;
  }
  *out +=
      "<div class=\"scroll\"><table class=\"weights\">\n<thead><tr><th scope=\"col\">File</th>"
      "<th scope=\"col\">Format</th><th scope=\"col\" class=\"hide-narrow\">Bytes</th>"
      "<th scope=\"col\">Parameters</th><th scope=\"col\" "
      "class=\"hide-narrow\">Note</th></tr></thead>\n<tbody>\n";
  constexpr size_t kMaxFiles = 500;
  for (size_t i = 0; i < w.files.size() && i < kMaxFiles; ++i) {
    const WeightsFile& f = w.files[i];
    std::string note = f.present ? "" : "Git LFS pointer, not downloaded";
    if (f.error) note += (note.empty() ? "" : "; ") + *f.error;
    if (f.sha256) note += (note.empty() ? "" : "; ") + ("sha256 " + *f.sha256);
    Evidence e = Evidence::InFile(f.path);
    *out += fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num hide-narrow\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"hide-narrow\">{}</td></tr>\n",
        Cite(r.subject, e, false), HtmlEscape(f.format), f.bytes,
        f.parameters ? HumanParameters(*f.parameters) : "—", HtmlEscape(note));
  }
  *out += "</tbody>\n</table></div>\n";
  if (w.files.size() > kMaxFiles) {
    *out += fmt::format("<p class=\"muted\">and {} more files</p>\n", w.files.size() - kMaxFiles);
  }
  *out += "</section>\n";
}

}  // namespace

std::string RenderHtml(const Report& r) {
  std::string body;
  const std::vector<ConditionGroup> groups = GroupConditions(r);
  Header(r, &body);
  body += "<main>\n";
  VerdictSection(r, &body);
  RightsSection(r, groups, &body);
  ConditionsSection(r, groups, &body);
  LicenseSectionHtml(r, &body);
  OpennessSectionHtml(r, &body);
  LineageSection(r, &body);
  FindingsSection(r, &body);
  WeightsSectionHtml(r, &body);
  body += "</main>\n<footer>Generated by openness " + HtmlEscape(r.tool_version) +
          ". It reports what the files say; it is not legal advice.</footer>\n";
  return HtmlDocument("openness: " + r.subject.id, body);
}

}  // namespace openness
