// The forms of a comparison table: text, Markdown, HTML and JSON (compare.h).
#include <fmt/format.h>

#include <algorithm>

#include "html_page.h"
#include "markup_escape.h"
#include "openness/compare.h"
#include "report_summary.h"

namespace openness {
namespace {

using Json = nlohmann::ordered_json;

// ---- text ----

size_t Columns(std::string_view s) {  // code points; the sanitised text has no controls
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Greedy word wrap by code points; lines after the first are indented by hang; words longer
// than a line are cut at a code point boundary. REQUIRES: width > hang.
std::vector<std::string> WrapColumns(std::string_view text, size_t width, size_t hang = 0) {
  std::vector<std::string> lines;
  std::string line;
  size_t cols = 0;
  const auto room = [&] { return lines.empty() ? width : width - hang; };
  const auto flush = [&] {
    lines.push_back((lines.empty() ? "" : std::string(hang, ' ')) + line);
    line.clear();
    cols = 0;
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    size_t wc = Columns(word);
    if (cols > 0 && cols + 1 + wc > room()) flush();
    while (wc > room()) {  // here the line is empty
      size_t take = 0;
      for (size_t taken = 0; take < word.size() && taken < room(); ++taken) {
        ++take;
        while (take < word.size() && (static_cast<unsigned char>(word[take]) & 0xC0) == 0x80)
          ++take;
      }
      line = std::string(word.substr(0, take));
      flush();
      word = word.substr(take);
      wc = Columns(word);
    }
    if (word.empty()) continue;
    if (cols > 0) {
      line += ' ';
      ++cols;
    }
    line += word;
    cols += wc;
  }
  if (cols > 0 || lines.empty()) flush();
  return lines;
}

std::string Paint(bool on, std::string_view tone, std::string_view text) {
  if (!on) return std::string(text);
  std::string_view code = tone == "good"      ? "32"
                          : tone == "caution" ? "33"
                          : tone == "bad"     ? "31"
                          : tone == "unknown" ? "2"
                                              : "1";
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string ItemText(const ComparisonItem& item) {
  std::string out = item.text;
  if (item.evidence) {
    const std::string where = EvidenceLocation(*item.evidence);
    if (!where.empty()) out += " (" + where + ")";
  }
  return out;
}

// ---- Markdown ----

std::string_view ToneIcon(std::string_view tone) {
  if (tone == "good") return "✅ ";
  if (tone == "caution") return "⚠️ ";
  if (tone == "bad") return "⛔ ";
  if (tone == "unknown") return "❔ ";
  return "";
}

// ---- HTML ----

std::string HtmlCite(const Subject& subject, const Evidence& e) {
  const std::string where = EvidenceLocation(e);
  if (where.empty()) return "";
  const auto href = e.file ? EvidenceFileHref(subject, e) : SafeWebUrl(e.url.value_or(""));
  if (!href) return " <span class=\"cite\">" + HtmlEscape(where) + "</span>";
  return fmt::format(" <a class=\"cite evidence\" href=\"{}\">{}</a>", HtmlEscape(*href),
                     HtmlEscape(where));
}

}  // namespace

std::string RenderComparisonText(const Comparison& t, const TextOptions& options) {
  const size_t n = t.headings.size();
  if (n == 0) return "no reports to compare\n";
  constexpr size_t kLabel = 22, kGap = 2, kMinColumn = 22;
  const size_t width = static_cast<size_t>(std::max(40, options.width));
  const size_t available = width > kLabel + kGap * n ? width - kLabel - kGap * n : 0;
  const size_t column = std::max(kMinColumn, available / n);
  const bool color = options.color;

  std::string out;
  const auto emit =
      [&](const std::vector<std::string>& label,
          const std::vector<std::vector<std::pair<std::string, std::string>>>& cells) {
        // cells[i] holds (tone, line) pairs; the tone paints the line.
        size_t height = label.size();
        for (const auto& c : cells) height = std::max(height, c.size());
        for (size_t line = 0; line < height; ++line) {
          std::string row = line < label.size() ? label[line] : "";
          row += std::string(kLabel - std::min(kLabel, Columns(row)), ' ');
          for (size_t i = 0; i < cells.size(); ++i) {
            row += std::string(kGap, ' ');
            if (line < cells[i].size()) {
              const auto& [tone, text] = cells[i][line];
              const size_t cols = Columns(text);
              row += (tone.empty() && line > 0 ? text : Paint(color, tone, text));
              if (i + 1 < cells.size()) row += std::string(column - std::min(column, cols), ' ');
            } else if (i + 1 < cells.size()) {
              row += std::string(column, ' ');
            }
          }
          while (!row.empty() && row.back() == ' ') row.pop_back();
          out += row + "\n";
        }
      };

  std::vector<std::vector<std::pair<std::string, std::string>>> heads;
  for (const std::string& h : t.headings) {
    std::vector<std::pair<std::string, std::string>> lines;
    for (std::string& l : WrapColumns(SanitizeText(h), column)) lines.push_back({"", std::move(l)});
    heads.push_back(std::move(lines));
  }
  emit({}, heads);
  out += (color ? "\x1b[2m" : "") + std::string(kLabel + (kGap + column) * n, '-') +
         (color ? "\x1b[0m" : "") + "\n";
  for (const ComparisonRow& row : t.rows) {
    std::vector<std::vector<std::pair<std::string, std::string>>> cells;
    for (const ComparisonCell& c : row.cells) {
      std::vector<std::pair<std::string, std::string>> lines;
      for (std::string& l : WrapColumns(SanitizeText(c.value), column)) {
        lines.push_back({c.tone, std::move(l)});
      }
      for (const ComparisonItem& item : c.items) {
        for (std::string& l : WrapColumns("- " + SanitizeText(ItemText(item)), column, 2)) {
          lines.push_back({"", std::move(l)});
        }
      }
      cells.push_back(std::move(lines));
    }
    emit(WrapColumns((row.differs ? "* " : "  ") + row.label, kLabel - 1, 2), cells);
    out += "\n";
  }
  out +=
      "* the models differ on this row. openness reports what the files say; it is not legal "
      "advice.\n";
  return out;
}

std::string RenderComparisonMarkdown(const Comparison& t) {
  std::string out = fmt::format("### openness: {} models compared\n\n", t.headings.size());
  out += "| |";
  for (const std::string& h : t.headings) out += " **" + MarkdownText(h) + "** |";
  out += "\n|---|";
  for (size_t i = 0; i < t.headings.size(); ++i) out += "---|";
  out += "\n";
  for (const ComparisonRow& row : t.rows) {
    out += "| " +
           (row.differs ? "**" + MarkdownText(row.label) + "** ≠" : MarkdownText(row.label)) + " |";
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const ComparisonCell& c = row.cells[i];
      std::string cell = std::string(ToneIcon(c.tone)) + MarkdownText(c.value);
      for (const ComparisonItem& item : c.items) {
        cell += "<br>• " + MarkdownText(item.text);
        if (item.evidence) {
          const std::string where = EvidenceLocation(*item.evidence);
          if (!where.empty()) cell += " " + MarkdownCellCode(where);
        }
      }
      out += " " + cell + " |";
    }
    out += "\n";
  }
  out +=
      "\n<sub>≠ the models differ on this row. openness reports what the files say; it is not "
      "legal advice.</sub>\n";
  return out;
}

std::string RenderComparisonHtml(const Comparison& t) {
  std::string body = "<header class=\"top\">\n<p class=\"kicker\">openness comparison</p>\n";
  body += fmt::format("<h1>{} models compared</h1>\n</header>\n<main>\n", t.headings.size());
  body += "<div class=\"scroll\"><table class=\"compare\">\n<thead><tr><th scope=\"col\"></th>";
  for (size_t i = 0; i < t.headings.size(); ++i) {
    std::string sub;
    if (i < t.models.size() && t.models[i].path) {
      sub = "<div class=\"muted mono\">" + HtmlEscape(*t.models[i].path) + "</div>";
    }
    body += "<th scope=\"col\">" + HtmlEscape(t.headings[i]) + sub + "</th>";
  }
  body += "</tr></thead>\n<tbody>\n";
  for (const ComparisonRow& row : t.rows) {
    body += fmt::format("<tr data-row=\"{}\"{}><th scope=\"row\">{}</th>", HtmlEscape(row.key),
                        row.differs ? " class=\"differs\"" : "", HtmlEscape(row.label));
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const ComparisonCell& c = row.cells[i];
      const Subject subject = i < t.models.size() ? t.models[i] : Subject{};
      body += c.tone.empty() ? "<td>" : "<td class=\"tone-" + HtmlEscape(c.tone) + "\">";
      body += "<div class=\"value\">" + HtmlEscape(c.value) + "</div>";
      if (!c.items.empty()) {
        body += "<ul>";
        for (const ComparisonItem& item : c.items) {
          body += "<li>" + HtmlEscape(item.text) +
                  (item.evidence ? HtmlCite(subject, *item.evidence) : "") + "</li>";
        }
        body += "</ul>";
      }
      body += "</td>";
    }
    body += "</tr>\n";
  }
  body += "</tbody>\n</table></div>\n</main>\n";
  body +=
      "<footer>≠ marks the rows on which the models differ. Generated by openness; it reports "
      "what the files say and is not legal advice.</footer>\n";
  return HtmlDocument(fmt::format("openness: {} models compared", t.headings.size()), body);
}

Json ComparisonToJson(const Comparison& t) {
  Json j;
  j["schema"] = "openness/compare/v1";
  Json models = Json::array();
  for (size_t i = 0; i < t.models.size(); ++i) {
    const Subject& s = t.models[i];
    models.push_back({{"heading", i < t.headings.size() ? t.headings[i] : s.id},
                      {"source", s.source},
                      {"id", s.id},
                      {"path", s.path ? Json(*s.path) : Json(nullptr)},
                      {"revision", s.revision ? Json(*s.revision) : Json(nullptr)}});
  }
  j["models"] = models;
  Json rows = Json::array();
  for (const ComparisonRow& row : t.rows) {
    Json cells = Json::array();
    for (const ComparisonCell& c : row.cells) {
      Json items = Json::array();
      for (const ComparisonItem& item : c.items) {
        items.push_back(
            {{"text", item.text},
             {"evidence", item.evidence ? EvidenceToJson(*item.evidence) : Json(nullptr)}});
      }
      cells.push_back({{"value", c.value},
                       {"tone", c.tone.empty() ? Json(nullptr) : Json(c.tone)},
                       {"items", items}});
    }
    rows.push_back(
        {{"key", row.key}, {"label", row.label}, {"differs", row.differs}, {"cells", cells}});
  }
  j["rows"] = rows;
  return j;
}

std::vector<std::string> ComparisonFormatNames() { return {"text", "json", "markdown", "html"}; }

Status RenderComparison(const Comparison& table, ReportFormat format, const RenderOptions& options,
                        std::string* out) {
  switch (format) {
    case ReportFormat::kText:
      *out = RenderComparisonText(table, options.text);
      return Status::Ok();
    case ReportFormat::kJson:
      *out = ComparisonToJson(table).dump(options.json_lines ? -1 : 2, ' ', false,
                                          Json::error_handler_t::replace);
      *out += "\n";
      return Status::Ok();
    case ReportFormat::kMarkdown:
      *out = RenderComparisonMarkdown(table);
      return Status::Ok();
    case ReportFormat::kHtml:
      *out = RenderComparisonHtml(table);
      return Status::Ok();
    default:  // report-only forms (a MOF model file describes one release)
      break;
  }
  return Status::InvalidArgument("a comparison has no such format");
}

}  // namespace openness
