// libFuzzer target for ParseModelCard: the whole card pipeline (front matter location, the
// yaml-cpp guard and load, md4c, link classification) on arbitrary bytes. Besides crashes and
// sanitizer reports it checks that every line number the parser hands out is inside the card.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "openness/limits.h"
#include "openness/model_card.h"

using openness::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  openness::ModelCard card;
  card.file = "README.md";
  const openness::Status s = ParseModelCard(text, openness::DefaultLimits(), &card);
  if (!s.ok()) return 0;
  const int lines = static_cast<int>(card.line_starts.size());
  Check(lines >= 1);
  const openness::FrontMatter& fm = card.front_matter;
  if (fm.present) {
    Check(fm.first_line >= 1 && fm.first_line < fm.last_line && fm.last_line <= lines);
    for (const openness::CardValue& k : fm.keys) {
      Check(k.line > fm.first_line && k.line < fm.last_line);
    }
    for (const openness::CardEvalResult& r : fm.eval_results) {
      Check(r.line > fm.first_line && r.line < fm.last_line);
    }
  }
  int previous = 0;
  for (const openness::CardSection& sec : card.sections) {
    Check(sec.line >= 1 && sec.line <= lines);
    Check(sec.end_line >= sec.line && sec.end_line <= lines);
    Check(sec.line >= previous);
    Check(!sec.own_filled || sec.filled);
    previous = sec.line;
    (void)card.Line(sec.line);
    (void)card.FindSection(sec.heading);
  }
  for (const openness::CardLink& l : card.links) {
    Check(l.line >= 1 && l.line <= lines);
    Check(!l.url.empty());
    Check(openness::ClassifyLink(l.url) == l.kind);
  }
  return 0;
}
