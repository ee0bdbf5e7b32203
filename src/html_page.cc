// HtmlDocument: the page shell and the one stylesheet of the HTML formats.
#include "html_page.h"

#include "markup_escape.h"

namespace openness {
namespace {

// No url(), no @import, no web fonts: the page makes no request of its own. Colours keep their
// meaning in print (print-color-adjust) and every tone also has a word or symbol, never colour
// alone.
constexpr std::string_view kStyle = R"css(
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa;
  --good: #1a7f37; --good-bg: #dafbe1; --caution: #9a6700; --caution-bg: #fff8c5;
  --bad: #cf222e; --bad-bg: #ffebe9; --unknown: #59636e; --unknown-bg: #eaeef2;
  --accent: #0969da;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; color: var(--fg); background: var(--bg); line-height: 1.5; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans",
    Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.page { max-width: 1120px; margin: 0 auto; padding: 20px 24px 40px; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono",
  monospace; font-size: 0.88em; }
code { background: var(--panel); border: 1px solid var(--line); border-radius: 4px;
  padding: 0 4px; overflow-wrap: anywhere; }
a { color: var(--accent); overflow-wrap: anywhere; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 8px; }
h1 { font-size: 26px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin-top: 28px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin-top: 18px; }
p { margin: 6px 0; }
ul, ol { margin: 6px 0; padding-left: 22px; }
q { quotes: "\201C" "\201D"; color: var(--muted); overflow-wrap: anywhere; }
.muted, .cite { color: var(--muted); }
.cite { font-size: 0.9em; }
.cite .sep { margin: 0 2px; }
header.top { border-bottom: 1px solid var(--line); padding-bottom: 10px; }
header.top .kicker { margin: 0; color: var(--muted); font-size: 13px; text-transform: uppercase;
  letter-spacing: 0.06em; }
header.top .subject { color: var(--muted); overflow-wrap: anywhere; }

.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 0.82em;
  font-weight: 600; white-space: nowrap; border: 1px solid transparent; vertical-align: 1px; }
.tone-good .badge, .badge.tone-good { color: var(--good); background: var(--good-bg);
  border-color: var(--good); }
.tone-caution .badge, .badge.tone-caution { color: var(--caution); background: var(--caution-bg);
  border-color: var(--caution); }
.tone-bad .badge, .badge.tone-bad { color: var(--bad); background: var(--bad-bg);
  border-color: var(--bad); }
.tone-unknown .badge, .badge.tone-unknown { color: var(--unknown); background: var(--unknown-bg);
  border-color: var(--unknown); }

.verdict { margin-top: 18px; padding: 16px 20px; border-radius: 8px; border: 1px solid var(--line);
  border-left-width: 8px; }
.verdict.tone-good { background: var(--good-bg); border-left-color: var(--good); }
.verdict.tone-caution { background: var(--caution-bg); border-left-color: var(--caution); }
.verdict.tone-bad { background: var(--bad-bg); border-left-color: var(--bad); }
.verdict.tone-unknown { background: var(--unknown-bg); border-left-color: var(--unknown); }
.verdict .kicker { margin: 0; font-size: 13px; font-weight: 600; text-transform: uppercase;
  letter-spacing: 0.06em; color: var(--muted); }
.verdict-headline { font-size: 24px; margin: 4px 0 6px; border: 0; padding: 0; }
.verdict .symbol { display: inline-block; width: 1.4em; height: 1.4em; line-height: 1.4em;
  border-radius: 50%; text-align: center; font-size: 0.8em; vertical-align: 0.12em;
  background: #ffffff; border: 2px solid currentColor; margin-right: 4px; }
.verdict.tone-good .symbol { color: var(--good); }
.verdict.tone-caution .symbol { color: var(--caution); }
.verdict.tone-bad .symbol { color: var(--bad); }
.verdict.tone-unknown .symbol { color: var(--unknown); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 8px;
  margin: 14px 0 0; }
.facts div { background: rgba(255, 255, 255, 0.7); border: 1px solid var(--line);
  border-radius: 6px; padding: 6px 10px; }
.facts dt { font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.05em; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }

table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px;
  border-bottom: 1px solid var(--line); }
thead th { font-size: 13px; color: var(--muted); border-bottom: 2px solid var(--line); }
table.rights th[scope="row"] { width: 32%; }
table.rights td.status { width: 150px; }
tr.right.tone-good th[scope="row"] { box-shadow: inset 4px 0 var(--good); }
tr.right.tone-caution th[scope="row"] { box-shadow: inset 4px 0 var(--caution); }
tr.right.tone-bad th[scope="row"] { box-shadow: inset 4px 0 var(--bad); }
tr.right.tone-unknown th[scope="row"] { box-shadow: inset 4px 0 var(--unknown); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.refs a { margin-right: 8px; }

ol.conditions > li { margin-bottom: 10px; }
.code-name { font-weight: 600; }

.openness-grid { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
ul.osaid { list-style: none; padding: 0; }
ul.osaid li { display: flex; gap: 10px; margin: 8px 0; }
.mark { flex: none; width: 24px; height: 24px; border-radius: 50%; text-align: center;
  line-height: 24px; font-weight: 700; font-size: 14px; }
.mark-met .mark { background: var(--good-bg); color: var(--good); border: 1px solid var(--good); }
.mark-unmet .mark { background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad); }
.mark-undetermined .mark { background: var(--unknown-bg); color: var(--unknown);
  border: 1px solid var(--unknown); }
.mof-bar { margin: 10px 0; }
.mof-bar .label { display: flex; justify-content: space-between; gap: 8px; font-size: 14px; }
.bar { height: 12px; background: var(--unknown-bg); border: 1px solid var(--line);
  border-radius: 6px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--good); }
.mof-bar.reached .bar > span { background: var(--good); }
.mof-bar.partial .bar > span { background: var(--caution); }
.mof-bar.not-assessed .bar { background: repeating-linear-gradient(45deg, var(--unknown-bg),
  var(--unknown-bg) 6px, #ffffff 6px, #ffffff 12px); }

ul.components { list-style: none; padding: 0; display: grid; gap: 8px;
  grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); }
li.component { border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px;
  padding: 8px 10px; display: flex; flex-direction: column; gap: 2px; min-width: 0; }
li.component.tone-good { background: var(--good-bg); border-left-color: var(--good); }
li.component.tone-caution { background: var(--caution-bg); border-left-color: var(--caution); }
li.component.tone-bad { background: var(--bad-bg); border-left-color: var(--bad); }
li.component.tone-unknown { background: var(--panel); border-left-color: #afb8c1;
  color: var(--muted); }
.component-name { font-weight: 600; font-size: 14px; }
.component-status, .component-license { font-size: 13px; }
.component .cite { font-size: 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 8px; font-size: 13px; color: var(--muted); }

svg.lineage { display: block; width: 100%; max-width: 620px; height: auto; margin: 8px 0; }
svg.lineage .node rect { fill: var(--panel); stroke: var(--line); stroke-width: 1.5; }
svg.lineage .node.subject rect { fill: #ddf4ff; stroke: var(--accent); }
svg.lineage .node-id { font: 600 14px system-ui, "DejaVu Sans", sans-serif; fill: var(--fg); }
svg.lineage .node-sub { font: 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--muted); }
svg.lineage .edge { stroke: var(--muted); stroke-width: 1.5; fill: none; }
svg.lineage .edge-label { font: italic 12px system-ui, "DejaVu Sans", sans-serif; fill: var(--muted); }
svg.lineage .arrow { fill: var(--muted); }

ul.findings { list-style: none; padding: 0; }
li.finding { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
li.finding.severity-error { border-left: 6px solid var(--bad); }
li.finding.severity-warning { border-left: 6px solid var(--caution); }
li.finding.severity-info { border-left: 6px solid var(--unknown); }

table.compare th[scope="row"] { width: 180px; }
table.compare td.tone-good { background: var(--good-bg); }
table.compare td.tone-caution { background: var(--caution-bg); }
table.compare td.tone-bad { background: var(--bad-bg); }
table.compare tr.differs th[scope="row"]::after { content: " \2260"; color: var(--caution); }
table.compare .value { font-weight: 600; }
table.compare ul { padding-left: 18px; font-size: 0.92em; }
.scroll { overflow-x: auto; }

footer { margin-top: 32px; padding-top: 10px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 13px; }

@media (max-width: 720px) {
  .page { padding: 12px 12px 32px; }
  body { font-size: 15px; }
  h1 { font-size: 22px; }
  .verdict { padding: 12px 14px; }
  .verdict-headline { font-size: 20px; }
  .openness-grid { grid-template-columns: 1fr; gap: 0; }
  ul.components { grid-template-columns: 1fr 1fr; }
  .facts { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .facts div:last-child:nth-child(odd) { grid-column: 1 / -1; }
  /* The rights table becomes one card per use: name and status on a line, conditions below. */
  table.rights thead { display: none; }
  table.rights, table.rights tbody { display: block; }
  table.rights tr { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px;
    border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 0; }
  table.rights th, table.rights td { display: block; border: 0; padding: 0 12px; }
  table.rights th[scope="row"] { flex: 1 1 0; min-width: 0; width: auto; }
  table.rights td.status { flex: none; width: auto; }
  table.rights td.refs { flex: 1 1 100%; font-size: 0.92em; }
  table.weights .hide-narrow { display: none; }
}
@media (max-width: 420px) {
  ul.components { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  .verdict, li.component, li.finding, tr, ol.conditions > li, svg.lineage { break-inside: avoid; }
  .scroll { overflow: visible; }
}
)css";

}  // namespace

std::string HtmlDocument(std::string_view title, std::string_view body) {
  std::string out;
  out.reserve(kStyle.size() + body.size() + 1024);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // No scripts, no fetches of any kind: only the inline stylesheet may apply.
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"generator\" content=\"openness\">\n";
  out += "<title>" + HtmlEscape(title) + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<div class=\"page\">\n";
  out += body;
  out += "</div>\n</body>\n</html>\n";
  return out;
}

}  // namespace openness
