// The license matcher (see include/openness/license_matcher.h for the method).
#include "openness/license_matcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "license_index.h"
#include "openness/license_text.h"

namespace openness {

/// The compiled-in index (generated at build time by tools/license_data_gen.cc).
std::string_view BuiltinLicenseIndexBlob();

namespace {

constexpr uint32_t kNone = UINT32_MAX;
// Candidates localised per round: enough to hold a family of versions.
constexpr size_t kCandidates = 6;
// References whose Dice is this close to the best are told apart by their marker phrases.
constexpr double kMarkerMargin = 0.03;
// Markers are looked for this many lines around the span too (a title above it).
constexpr int kMarkerLines = 3;

// The tokens of a text with each bigram (token t, t+1) given a dense id and its postings.
struct TextBigrams {
  std::vector<LicenseToken> tokens;
  std::vector<uint32_t> id;                            // per position t < tokens.size() - 1
  std::vector<uint32_t> postings_begin, postings_end;  // per id; begin == end when unknown
  size_t ids = 0;
};

// Gives each bigram of tb->tokens its dense id and postings.
void Prepare(const LicenseIndex& index, TextBigrams* out) {
  TextBigrams& tb = *out;
  if (tb.tokens.size() < 2) return;
  const size_t n = tb.tokens.size() - 1;
  std::vector<std::pair<uint32_t, uint32_t>> by_hash(n);
  for (size_t t = 0; t < n; ++t) {
    by_hash[t] = {LicenseBigramHash(tb.tokens[t].hash, tb.tokens[t + 1].hash),
                  static_cast<uint32_t>(t)};
  }
  std::sort(by_hash.begin(), by_hash.end());
  tb.id.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || by_hash[i].first != by_hash[i - 1].first) {
      uint32_t b = 0, e = 0;
      if (!index.Find(by_hash[i].first, &b, &e)) b = e = 0;
      tb.postings_begin.push_back(b);
      tb.postings_end.push_back(e);
    }
    tb.id[by_hash[i].second] = static_cast<uint32_t>(tb.postings_begin.size() - 1);
  }
  tb.ids = tb.postings_begin.size();
}

double Dice(uint64_t shared, uint64_t a, uint64_t b) {
  return a + b == 0 ? 0.0 : 2.0 * static_cast<double>(shared) / static_cast<double>(a + b);
}

// Shared bigrams between the counted text ids and every reference.
void Intersections(const LicenseIndex& index, const TextBigrams& tb,
                   const std::vector<uint32_t>& counts, std::vector<uint32_t>* inter) {
  inter->assign(index.refs().size(), 0);
  for (size_t id = 0; id < tb.ids; ++id) {
    const uint32_t c = counts[id];
    if (c == 0) continue;
    for (uint32_t p = tb.postings_begin[id]; p < tb.postings_end[id]; ++p) {
      const uint32_t ref = index.PostingRef(p);
      if (ref < inter->size()) (*inter)[ref] += std::min(c, index.PostingCount(p));
    }
  }
}

struct Span {
  size_t lo = 0, hi = 0;  // indexes into the active positions
  uint64_t shared = 0;
  double dice = 0;
};

// Finds the run of whole lines of the active positions that maximises Dice with ref, by trimming
// lines from the front, then the back, then the front again. O(positions) per pass.
Span Localise(const LicenseIndex& index, const TextBigrams& tb, const std::vector<uint32_t>& act,
              uint32_t ref, std::vector<uint32_t>* rc, std::vector<uint32_t>* w) {
  const uint64_t r_total = index.refs()[ref].bigram_total;
  rc->assign(tb.ids, kNone);
  for (uint32_t p : act) {
    const uint32_t id = tb.id[p];
    if ((*rc)[id] == kNone) {
      (*rc)[id] = index.CountIn(tb.postings_begin[id], tb.postings_end[id], ref);
    }
  }
  auto line_of = [&](size_t k) { return tb.tokens[act[k]].line; };
  Span s{0, act.size(), 0, 0};
  auto recount = [&]() {
    w->assign(tb.ids, 0);
    s.shared = 0;
    for (size_t k = s.lo; k < s.hi; ++k) {
      const uint32_t id = tb.id[act[k]];
      if ((*w)[id] < (*rc)[id]) ++s.shared;
      ++(*w)[id];
    }
    s.dice = Dice(s.shared, s.hi - s.lo, r_total);
  };
  auto trim_front = [&]() {
    double best = s.dice;
    size_t best_cut = s.lo;
    uint64_t shared = s.shared;
    for (size_t k = s.lo; k < s.hi; ++k) {
      if (k > s.lo && line_of(k) != line_of(k - 1)) {
        const double d = Dice(shared, s.hi - k, r_total);
        if (d > best) {
          best = d;
          best_cut = k;
        }
      }
      const uint32_t id = tb.id[act[k]];
      if ((*w)[id] <= (*rc)[id]) --shared;
      --(*w)[id];
    }
    s.lo = best_cut;
    recount();
  };
  auto trim_back = [&]() {
    double best = s.dice;
    size_t best_cut = s.hi;
    uint64_t shared = s.shared;
    for (size_t k = s.hi; k > s.lo; --k) {
      if (k < s.hi && line_of(k) != line_of(k - 1)) {
        const double d = Dice(shared, k - s.lo, r_total);
        if (d > best) {
          best = d;
          best_cut = k;
        }
      }
      const uint32_t id = tb.id[act[k - 1]];
      if ((*w)[id] <= (*rc)[id]) --shared;
      --(*w)[id];
    }
    s.hi = best_cut;
    recount();
  };
  recount();
  trim_front();
  trim_back();
  trim_front();
  return s;
}

// Spans at least this close to a reference are checked for a verbatim copy with shifted edges.
constexpr double kSnapDice = 0.95;
constexpr int kSnapLines = 3;
// Left-over runs of at least this many tokens next to a match are reported as added text.
constexpr size_t kResidualTokens = 16;

std::vector<LicenseToken> ActiveTokens(const std::vector<LicenseToken>& tokens,
                                       const std::vector<bool>& active, size_t first, size_t last) {
  std::vector<LicenseToken> out;
  out.reserve(last - first + 1);
  for (size_t t = first; t <= last; ++t) {
    if (active[t]) out.push_back(tokens[t]);
  }
  return out;
}

// Looks for edges within kSnapLines lines of [*first, *last] whose active tokens hash exactly
// like ref; moves the edges there and returns true when found.
bool SnapToExact(const std::vector<LicenseToken>& tokens, const std::vector<bool>& active,
                 const LicenseIndex::Ref& ref, size_t* first, size_t* last) {
  // Candidate starts: the first active token of the lines around the start; ends likewise.
  std::vector<size_t> starts, ends;
  const int first_line = tokens[*first].line, last_line = tokens[*last].line;
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (!active[t]) continue;
    const int line = tokens[t].line;
    if (line >= first_line - kSnapLines && line <= first_line + kSnapLines &&
        (t == 0 || tokens[t - 1].line != line || !active[t - 1])) {
      starts.push_back(t);
    }
    if (line >= last_line - kSnapLines && line <= last_line + kSnapLines &&
        (t + 1 == tokens.size() || tokens[t + 1].line != line || !active[t + 1])) {
      ends.push_back(t);
    }
    if (line > last_line + kSnapLines) break;
  }
  for (size_t s : starts) {
    for (size_t e : ends) {
      if (e < s) continue;
      size_t count = 0;
      for (size_t t = s; t <= e; ++t) count += active[t] ? 1 : 0;
      if (count != ref.tokens) continue;
      if (LicenseSequenceHash(ActiveTokens(tokens, active, s, e)) == ref.exact_hash) {
        *first = s;
        *last = e;
        return true;
      }
    }
  }
  return false;
}

// True when the token sequence of phrase occurs in tokens.
bool ContainsPhrase(const std::vector<LicenseToken>& tokens, std::string_view phrase) {
  const std::vector<LicenseToken> p = TokeniseLicenseText(NormaliseLicenseText(phrase));
  if (p.empty() || p.size() > tokens.size()) return false;
  for (size_t i = 0; i + p.size() <= tokens.size(); ++i) {
    size_t k = 0;
    while (k < p.size() && tokens[i + k].hash == p[k].hash) ++k;
    if (k == p.size()) return true;
  }
  return false;
}

std::string LineRange(int a, int b) {
  return a == b ? "line " + std::to_string(a)
                : "lines " + std::to_string(a) + "-" + std::to_string(b);
}

// Sentence-level diff of the span against the reference: common prefix and suffix, then an LCS
// of what is left when it is small enough, else one changed block.
// Whether tokens [begin, end) of the span pair a number with a neighbour in a way the reference
// never does ("than 7 million" against the reference's "than 700 million").
bool HasNumberTheReferenceLacks(const std::vector<LicenseToken>& span, size_t begin, size_t end,
                                const LicenseIndex& index, uint32_t ref) {
  for (size_t t = begin; t + 1 < end; ++t) {
    if (!span[t].numeric && !span[t + 1].numeric) continue;
    uint32_t b = 0, e = 0;
    const uint32_t h = LicenseBigramHash(span[t].hash, span[t + 1].hash);
    if (!index.Find(h, &b, &e) || index.CountIn(b, e, ref) == 0) return true;
  }
  return false;
}

std::vector<LicenseDifference> Diff(const std::vector<LicenseToken>& span,
                                    const std::vector<uint32_t>& ref, size_t max_differences,
                                    const LicenseIndex& index, uint32_t ref_index) {
  std::vector<size_t> starts;
  const std::vector<uint32_t> a = LicenseSentenceHashes(span, &starts);
  const std::vector<uint32_t>& b = ref;
  auto first_line = [&](size_t i) { return span[starts[i]].line; };
  auto last_line = [&](size_t i) {
    const size_t end = i + 1 < starts.size() ? starts[i + 1] : span.size();
    return span[end - 1].line;
  };
  // ops: 0 equal (advance both), 1 input only, 2 reference only
  std::vector<uint8_t> ops;
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) {
    ++suf;
  }
  ops.assign(pre, 0);
  const size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= (1u << 20)) {
    std::vector<uint32_t> dp((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return dp[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) =
            a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[pre + i] == b[pre + j]) {
        ops.push_back(0);
        ++i;
        ++j;
      } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
        ops.push_back(2);
        ++j;
      } else {
        ops.push_back(1);
        ++i;
      }
    }
  } else {
    ops.insert(ops.end(), n, 1);
    ops.insert(ops.end(), m, 2);
  }
  ops.insert(ops.end(), suf, 0);

  std::vector<LicenseDifference> out;
  size_t ia = 0;  // next input sentence
  for (size_t k = 0; k < ops.size();) {
    if (ops[k] == 0) {
      ++ia;
      ++k;
      continue;
    }
    int added = 0, removed = 0;
    const size_t first_input = ia;
    while (k < ops.size() && ops[k] != 0) {
      if (ops[k] == 1) {
        ++added;
        ++ia;
      } else {
        ++removed;
      }
      ++k;
    }
    if (out.size() >= max_differences) continue;
    LicenseDifference d;
    d.input_sentences = added;
    d.reference_sentences = removed;
    if (added > 0) {
      d.line = first_line(first_input);
      d.end_line = last_line(ia - 1);
      d.kind = removed > 0 ? LicenseDifference::Kind::kChanged : LicenseDifference::Kind::kAdded;
      const size_t tok_end = ia < starts.size() ? starts[ia] : span.size();
      d.changes_a_number =
          removed > 0 &&
          HasNumberTheReferenceLacks(span, starts[first_input], tok_end, index, ref_index);
      d.text = std::string(removed > 0 ? "changed" : "added") + " text at " +
               LineRange(d.line, d.end_line);
    } else {
      d.kind = LicenseDifference::Kind::kRemoved;
      d.line = ia < a.size() ? first_line(ia) : (a.empty() ? 0 : last_line(a.size() - 1));
      d.end_line = d.line;
      d.text = std::to_string(removed) + (removed == 1 ? " sentence" : " sentences") +
               " of the reference missing " + (ia < a.size() ? "before" : "after") + " line " +
               std::to_string(d.line);
    }
    out.push_back(std::move(d));
  }
  return out;
}

LicenseMatch MakeMatch(const LicenseIndex::Ref& r) {
  LicenseMatch m;
  m.key = std::string(r.key);
  m.name = std::string(r.name);
  m.spdx = std::string(r.spdx);
  m.version = std::string(r.version);
  m.document = r.document;
  m.osi_approved = r.osi_approved;
  m.from_spdx = r.from_spdx;
  return m;
}

}  // namespace

std::string_view LicenseDifferenceKindName(LicenseDifference::Kind kind) {
  switch (kind) {
    case LicenseDifference::Kind::kAdded:
      return "added";
    case LicenseDifference::Kind::kRemoved:
      return "removed";
    case LicenseDifference::Kind::kChanged:
      return "changed";
  }
  return "changed";
}

std::string LicenseMatch::Describe() const {
  std::string label = from_spdx && !spdx.empty() ? spdx : name;
  if (!version.empty() && !from_spdx) label += " (" + version + ")";
  if (differences.empty()) return label;
  std::string out = label + " with ";
  for (size_t i = 0; i < differences.size(); ++i) {
    if (i > 0) out += i + 1 == differences.size() ? " and " : ", ";
    out += differences[i].text;
  }
  return out;
}

LicenseMatcher::LicenseMatcher() : index_(std::make_shared<LicenseIndex>()) {}
LicenseMatcher::~LicenseMatcher() = default;
LicenseMatcher::LicenseMatcher(const LicenseMatcher&) = default;
LicenseMatcher& LicenseMatcher::operator=(const LicenseMatcher&) = default;
LicenseMatcher::LicenseMatcher(LicenseMatcher&&) noexcept = default;
LicenseMatcher& LicenseMatcher::operator=(LicenseMatcher&&) noexcept = default;

const LicenseMatcher& LicenseMatcher::Builtin() {
  static const LicenseMatcher* const kBuiltin = [] {
    auto* m = new LicenseMatcher();
    auto index = std::make_shared<LicenseIndex>();
    std::string err;
    if (LicenseIndex::Open(BuiltinLicenseIndexBlob(), index.get(), &err)) m->index_ = index;
    return m;
  }();
  return *kBuiltin;
}

Result<LicenseMatcher> LicenseMatcher::FromBlob(std::string blob) {
  LicenseMatcher m;
  auto owned = std::make_shared<const std::string>(std::move(blob));
  auto index = std::make_shared<LicenseIndex>();
  std::string err;
  if (!LicenseIndex::Open(*owned, index.get(), &err)) return Status::Corruption(err);
  m.owned_ = std::move(owned);
  m.index_ = std::move(index);
  return m;
}

size_t LicenseMatcher::size() const { return index_->refs().size(); }

bool LicenseMatcher::has_spdx() const {
  for (const LicenseIndex::Ref& r : index_->refs()) {
    if (r.from_spdx) return true;
  }
  return false;
}

std::vector<LicenseMatcher::Reference> LicenseMatcher::References() const {
  std::vector<Reference> out;
  for (const LicenseIndex::Ref& r : index_->refs()) {
    out.push_back({std::string(r.key), std::string(r.name), std::string(r.spdx),
                   std::string(r.version), r.document, r.osi_approved, r.from_spdx, r.tokens});
  }
  return out;
}

bool LicenseMatcher::SpdxOsiApproved(std::string_view spdx_id) const {
  for (const LicenseIndex::Ref& r : index_->refs()) {
    if (r.from_spdx && r.spdx == spdx_id) return r.osi_approved;
  }
  return false;
}

std::optional<LicenseMatch> LicenseMatcher::Closest(std::string_view text) const {
  const LicenseIndex& index = *index_;
  TextBigrams tb;
  tb.tokens = TokeniseLicenseText(NormaliseLicenseText(text), LicenseMatchOptions{}.max_tokens);
  if (tb.tokens.size() < 2 || index.refs().empty()) return std::nullopt;
  Prepare(index, &tb);
  std::vector<uint32_t> counts(tb.ids, 0), inter;
  for (uint32_t id : tb.id) ++counts[id];
  Intersections(index, tb, counts, &inter);
  uint32_t best = 0;
  double best_dice = -1;
  for (uint32_t r = 0; r < inter.size(); ++r) {
    const double d = Dice(inter[r], tb.id.size(), index.refs()[r].bigram_total);
    if (d > best_dice) {
      best_dice = d;
      best = r;
    }
  }
  LicenseMatch m = MakeMatch(index.refs()[best]);
  m.confidence = best_dice;
  m.exact = LicenseSequenceHash(tb.tokens) == index.refs()[best].exact_hash;
  if (m.exact) m.confidence = 1.0;
  m.start_line = tb.tokens.front().line;
  m.end_line = tb.tokens.back().line;
  return m;
}

std::vector<LicenseMatch> LicenseMatcher::Match(std::string_view text,
                                                const LicenseMatchOptions& options) const {
  std::vector<LicenseMatch> out;
  const LicenseIndex& index = *index_;
  const auto& refs = index.refs();
  if (refs.empty()) return out;
  TextBigrams tb;
  tb.tokens = TokeniseLicenseText(NormaliseLicenseText(text), options.max_tokens);
  if (tb.tokens.size() < 2) return out;

  // Fast path: the whole text is exactly one reference.
  const uint64_t whole = LicenseSequenceHash(tb.tokens);
  for (const LicenseIndex::Ref& r : refs) {
    if (r.exact_hash == whole && r.tokens == tb.tokens.size()) {
      LicenseMatch m = MakeMatch(r);
      m.confidence = 1.0;
      m.exact = true;
      m.start_line = tb.tokens.front().line;
      m.end_line = tb.tokens.back().line;
      out.push_back(std::move(m));
      return out;
    }
  }

  Prepare(index, &tb);
  std::vector<bool> active(tb.tokens.size(), true);
  std::vector<uint32_t> counts, inter, rc, w, act;
  for (size_t round = 0; round < options.max_matches; ++round) {
    // Active bigram positions: both tokens still unexplained and next to each other.
    act.clear();
    for (size_t t = 0; t + 1 < tb.tokens.size(); ++t) {
      if (active[t] && active[t + 1]) act.push_back(static_cast<uint32_t>(t));
    }
    if (act.size() < options.min_matched_bigrams) break;
    counts.assign(tb.ids, 0);
    for (uint32_t p : act) ++counts[tb.id[p]];
    Intersections(index, tb, counts, &inter);

    // Candidates: references mostly contained in the text, most shared bigrams first.
    std::vector<uint32_t> candidates;
    for (uint32_t r = 0; r < refs.size(); ++r) {
      if (inter[r] >= options.min_matched_bigrams && refs[r].bigram_total > 0 &&
          inter[r] >= options.min_containment * refs[r].bigram_total) {
        candidates.push_back(r);
      }
    }
    if (candidates.empty()) break;
    std::sort(candidates.begin(), candidates.end(), [&](uint32_t x, uint32_t y) {
      return inter[x] > inter[y] || (inter[x] == inter[y] && x < y);
    });
    if (candidates.size() > kCandidates) candidates.resize(kCandidates);

    Span best_span;
    uint32_t best_ref = kNone;
    for (uint32_t r : candidates) {
      Span s = Localise(index, tb, act, r, &rc, &w);
      if (s.dice < options.threshold || s.shared < options.min_matched_bigrams) continue;
      if (best_ref == kNone || s.shared > best_span.shared ||
          (s.shared == best_span.shared && s.dice > best_span.dice)) {
        best_span = s;
        best_ref = r;
      }
    }
    if (best_ref == kNone) break;

    // Score the span against every reference to pick the version.
    counts.assign(tb.ids, 0);
    for (size_t k = best_span.lo; k < best_span.hi; ++k) ++counts[tb.id[act[k]]];
    Intersections(index, tb, counts, &inter);
    const uint64_t span_size = best_span.hi - best_span.lo;
    std::vector<double> dice(refs.size());
    double top = 0;
    for (uint32_t r = 0; r < refs.size(); ++r) {
      dice[r] = Dice(inter[r], span_size, refs[r].bigram_total);
      top = std::max(top, dice[r]);
    }
    // Whole lines: the last bigram may reach into the next line; its second token is not ours.
    size_t first_tok = act[best_span.lo], last_tok = act[best_span.hi - 1];
    while (last_tok + 1 < tb.tokens.size() && active[last_tok + 1] &&
           tb.tokens[last_tok + 1].line == tb.tokens[last_tok].line) {
      ++last_tok;
    }
    std::vector<LicenseToken> span_tokens = ActiveTokens(tb.tokens, active, first_tok, last_tok);
    std::vector<LicenseToken> marker_tokens;
    {
      const int lo_line = tb.tokens[first_tok].line - kMarkerLines;
      const int hi_line = tb.tokens[last_tok].line + kMarkerLines;
      for (size_t t = 0; t < tb.tokens.size(); ++t) {
        if (active[t] && tb.tokens[t].line >= lo_line && tb.tokens[t].line <= hi_line) {
          marker_tokens.push_back(tb.tokens[t]);
        }
      }
    }
    uint32_t chosen = best_ref;
    double chosen_score = -1e9;
    for (uint32_t r = 0; r < refs.size(); ++r) {
      if (dice[r] < top - kMarkerMargin) continue;
      double score = dice[r];
      if (!refs[r].markers.empty()) {
        bool all = true;
        for (std::string_view mk : refs[r].markers) all = all && ContainsPhrase(marker_tokens, mk);
        score += all ? kMarkerMargin : -kMarkerMargin;
      }
      if (score > chosen_score) {
        chosen_score = score;
        chosen = r;
      }
    }

    const LicenseIndex::Ref& ref = refs[chosen];
    LicenseMatch m = MakeMatch(ref);
    m.exact =
        ref.tokens == span_tokens.size() && LicenseSequenceHash(span_tokens) == ref.exact_hash;
    if (!m.exact && dice[chosen] >= kSnapDice) {
      // A verbatim copy whose edge lines went to a neighbour or came from one (a title, a
      // heading): move each edge by a few lines and look for the reference's exact hash.
      if (SnapToExact(tb.tokens, active, ref, &first_tok, &last_tok)) {
        span_tokens = ActiveTokens(tb.tokens, active, first_tok, last_tok);
        m.exact = true;
      }
    }
    m.confidence = m.exact ? 1.0 : std::round(dice[chosen] * 1000) / 1000;
    m.start_line = span_tokens.front().line;
    m.end_line = span_tokens.back().line;
    if (!m.exact && options.diff) {
      std::vector<uint32_t> ref_sentences(ref.sentence_count);
      for (uint32_t i = 0; i < ref.sentence_count; ++i) {
        ref_sentences[i] = index.Sentence(ref.sentence_begin + i);
      }
      m.differences = Diff(span_tokens, ref_sentences, options.max_differences, index,
                           static_cast<uint32_t>(chosen));
    }
    out.push_back(std::move(m));
    for (size_t t = first_tok; t <= last_tok; ++t) active[t] = false;
  }
  std::sort(out.begin(), out.end(), [](const LicenseMatch& a, const LicenseMatch& b) {
    return a.start_line < b.start_line;
  });
  // Text left over next to a match (a clause appended to a license, a note before it) is
  // reported as added to the nearest match before it (or after it, for text at the top).
  if (!out.empty() && options.diff) {
    size_t t = 0;
    while (t < tb.tokens.size()) {
      if (!active[t]) {
        ++t;
        continue;
      }
      size_t e = t;
      while (e + 1 < tb.tokens.size() && active[e + 1]) ++e;
      if (e - t + 1 >= kResidualTokens) {
        const int a = tb.tokens[t].line, b = tb.tokens[e].line;
        LicenseMatch* owner = &out.front();
        for (LicenseMatch& m : out) {
          if (m.end_line <= a) owner = &m;
        }
        if (owner->differences.size() < options.max_differences) {
          LicenseDifference d;
          d.kind = LicenseDifference::Kind::kAdded;
          d.line = a;
          d.end_line = b;
          d.text = "added text at " + LineRange(a, b) + " (outside the matched text)";
          owner->differences.push_back(std::move(d));
        }
      }
      t = e + 1;
    }
  }
  return out;
}

}  // namespace openness
