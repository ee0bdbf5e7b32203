// Evaluate: audits labelled releases and measures agreement per field.
#include "openness/evaluation.h"

#include <algorithm>
#include <set>

namespace openness {
namespace {

constexpr size_t kMaxRows = 100'000;
constexpr size_t kMaxFields = 64;
constexpr size_t kMaxLabelsBytes = 64ull << 20;

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const size_t at = s.find(sep);
    std::string item = Trim(s.substr(0, at));
    if (!item.empty()) out.push_back(std::move(item));
    if (at == std::string_view::npos) break;
    s.remove_prefix(at + 1);
  }
  return out;
}

// "a+b" -> {a, b}; a '+' that ends a key stays in it ("openrail++").
std::vector<std::string> SplitLicenses(std::string_view s) {
  std::vector<std::string> out;
  for (const std::string& piece : [&] {
         std::vector<std::string> raw;
         while (true) {
           const size_t at = s.find('+');
           raw.push_back(Trim(s.substr(0, at)));
           if (at == std::string_view::npos) break;
           s.remove_prefix(at + 1);
         }
         return raw;
       }()) {
    if (piece.empty()) {
      if (!out.empty()) out.back() += "+";
    } else {
      out.push_back(piece);
    }
  }
  return out;
}

std::string JoinSorted(std::vector<std::string> v, std::string_view sep) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

bool Judged(std::string_view code) {
  for (std::string_view c : kJudgedFindings) {
    if (c == code) return true;
  }
  return false;
}

std::string Clip(std::string s, size_t n = 300) {
  if (s.size() > n) s = s.substr(0, n) + "...";
  return s;
}

std::string EvidenceWhere(const Evidence& e) {
  std::string out;
  if (e.file) out += *e.file;
  if (e.line) out += ":" + std::to_string(*e.line);
  if (e.key) out += (out.empty() ? "" : " ") + *e.key;
  if (e.excerpt) out += " \"" + *e.excerpt + "\"";
  return out;
}

}  // namespace

Status ParseLabels(std::string_view csv, std::vector<LabelRow>* out) {
  out->clear();
  if (csv.size() > kMaxLabelsBytes) return Status::TooLarge("labels file over 64 MiB");
  // RFC 4180 records: fields separated by commas, quoted fields may hold commas, quotes ("")
  // and line breaks.
  std::vector<std::vector<std::string>> records;
  std::vector<int> record_lines;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, in_quotes = false, any = false;
  int line = 1, record_line = 1;
  auto end_field = [&] {
    record.push_back(quoted ? field : Trim(field));
    field.clear();
    quoted = false;
  };
  auto end_record = [&]() -> Status {
    end_field();
    const bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      if (records.size() >= kMaxRows) return Status::TooLarge("more than 100,000 label rows");
      records.push_back(std::move(record));
      record_lines.push_back(record_line);
    }
    record.clear();
    any = false;
    return Status::Ok();
  };
  for (size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (!any) record_line = line;
    any = true;
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < csv.size() && csv[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && Trim(field).empty()) {
      field.clear();
      quoted = in_quotes = true;
    } else if (c == ',') {
      end_field();
      if (record.size() > kMaxFields) {
        return Status::Corruption("labels line " + std::to_string(record_line) +
                                  ": more than 64 fields");
      }
    } else if (c == '\n') {
      ++line;
      Status s = end_record();
      if (!s.ok()) return s;
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (in_quotes) {
    return Status::Corruption("labels line " + std::to_string(record_line) +
                              ": unterminated quoted field");
  }
  if (any) {
    Status s = end_record();
    if (!s.ok()) return s;
  }
  if (records.empty()) return Status::Corruption("labels file is empty");

  std::map<std::string, size_t> col;
  for (size_t i = 0; i < records[0].size(); ++i) col[records[0][i]] = i;
  if (!col.count("dir")) return Status::Corruption("labels file has no 'dir' column");
  for (size_t r = 1; r < records.size(); ++r) {
    const std::vector<std::string>& rec = records[r];
    auto get = [&](const char* name) -> std::string {
      auto it = col.find(name);
      return it == col.end() || it->second >= rec.size() ? "" : rec[it->second];
    };
    LabelRow row;
    row.line = record_lines[r];
    row.dir = get("dir");
    if (row.dir.empty()) {
      return Status::Corruption("labels line " + std::to_string(row.line) + ": empty dir");
    }
    row.hf_id = get("hf_id");
    row.license = get("license");
    row.commercial = get("commercial");
    row.level = get("level");
    row.osaid = get("osaid");
    row.findings = SplitList(get("findings"), ';');
    row.findings_optional = SplitList(get("findings_optional"), ';');
    row.confidence = get("confidence");
    row.rationale = get("rationale");
    out->push_back(std::move(row));
  }
  return Status::Ok();
}

RowResult CompareWithLabel(const LabelRow& label, const Report& report) {
  RowResult r;
  r.label = label;
  r.audited = true;

  // license: the set of effective keys.
  if (!label.license.empty()) {
    std::vector<std::string> want = SplitLicenses(label.license);
    FieldResult f{"license", JoinSorted(want, "+"), "", false, ""};
    std::vector<std::string> keys;
    for (const EffectiveLicense& e : report.license.effective) keys.push_back(e.key);
    f.actual = JoinSorted(keys, "+");
    std::sort(want.begin(), want.end());
    want.erase(std::unique(want.begin(), want.end()), want.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    f.agree = keys == want;
    std::string declared;
    for (const DeclaredLicense& d : report.license.declared) {
      declared += (declared.empty() ? "" : ", ") + d.value + " (" + EvidenceWhere(d.evidence) + ")";
    }
    std::string detected;
    for (const DetectedLicense& d : report.license.detected) {
      detected += (detected.empty() ? "" : ", ") + d.key + " (" + EvidenceWhere(d.evidence) + ")";
    }
    f.why = Clip("declared: " + (declared.empty() ? "nothing" : declared) +
                 "; detected: " + (detected.empty() ? "nothing" : detected));
    r.fields.push_back(std::move(f));
  }

  if (!label.commercial.empty()) {
    FieldResult f{"commercial", label.commercial, "", false, ""};
    auto it = report.rights.find("commercial");
    f.actual =
        it == report.rights.end() ? "unknown" : std::string(RightStatusName(it->second.status));
    f.agree = f.actual == f.expected;
    if (it != report.rights.end()) {
      for (const Condition& c : it->second.conditions)
        f.why += (f.why.empty() ? "" : "; ") + c.text;
    }
    if (f.why.empty())
      f.why =
          "effective license: " + JoinSorted(
                                      [&] {
                                        std::vector<std::string> k;
                                        for (const EffectiveLicense& e : report.license.effective) {
                                          k.push_back(e.key);
                                        }
                                        return k;
                                      }(),
                                      "+");
    f.why = Clip(f.why);
    r.fields.push_back(std::move(f));
  }

  if (!label.level.empty()) {
    FieldResult f{"level", label.level, report.openness.level, false, ""};
    f.agree = f.actual == f.expected;
    f.why = Clip(report.openness.justification);
    r.fields.push_back(std::move(f));
  }

  if (!label.osaid.empty()) {
    FieldResult f{"osaid", label.osaid, report.openness.osaid_status, false, ""};
    f.agree = f.actual == f.expected;
    for (const Reason& reason : report.openness.osaid_reasons) {
      if (reason.status && *reason.status == "pass") continue;
      f.why += (f.why.empty() ? "" : " ") + reason.code + ": " + reason.text;
    }
    f.why = Clip(f.why, 400);
    r.fields.push_back(std::move(f));
  }

  {
    std::set<std::string> actual;
    for (const Finding& fi : report.findings) {
      if (Judged(fi.code)) actual.insert(fi.code);
    }
    std::set<std::string> required(label.findings.begin(), label.findings.end());
    std::set<std::string> optional(label.findings_optional.begin(), label.findings_optional.end());
    FieldResult f{"findings", JoinSorted(label.findings, ";"),
                  JoinSorted(std::vector<std::string>(actual.begin(), actual.end()), ";"), true,
                  ""};
    for (const std::string& code : required) {
      if (optional.count(code)) continue;  // listed in both: either way
      if (!actual.count(code)) {
        f.agree = false;
        f.why += "missing " + code + "; ";
      }
    }
    for (const std::string& code : actual) {
      if (required.count(code) || optional.count(code)) continue;
      f.agree = false;
      for (const Finding& fi : report.findings) {
        if (fi.code == code) {
          f.why += "reported " + code + ": " + fi.message + "; ";
          break;
        }
      }
    }
    f.why = Clip(f.why, 400);
    r.fields.push_back(std::move(f));
  }
  return r;
}

EvaluationResult Evaluate(const std::vector<LabelRow>& labels, const std::string& root,
                          const ScanOptions& options) {
  EvaluationResult out;
  ScanOptions scan = options;
  scan.assume_weights_published = true;
  for (const LabelRow& label : labels) {
    ScanResult result;
    // Always a local path ("./" in front of a relative root), so a missing folder is an error
    // and never a Hub id to fetch.
    std::string base = root.empty() ? std::string(".") : root;
    if (!base.starts_with("/") && !base.starts_with("./") && !base.starts_with("../")) {
      base = "./" + base;
    }
    const std::string path = base + "/" + label.dir;
    Status s = ScanPath(path, scan, &result);
    RowResult row;
    if (!s.ok()) {
      row.label = label;
      row.error = s.ToString();
      for (std::string_view field : kEvalFields) {
        row.fields.push_back({std::string(field), "", "", false, "not audited: " + row.error});
      }
    } else {
      row = CompareWithLabel(label, result.report);
    }
    for (const FieldResult& f : row.fields) {
      FieldAgreement& a = out.agreement[f.field];
      ++a.total;
      a.agree += f.agree ? 1 : 0;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace openness
