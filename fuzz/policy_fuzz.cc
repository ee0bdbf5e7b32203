// libFuzzer target for ParsePolicy: the dotted-key pre-scan, toml++ (built without exceptions,
// nesting bounded) and the validation of every key, on arbitrary bytes. A policy that parses is
// then evaluated against a small fixed report, and the checks below must hold: every line a
// parsed policy hands out is inside the file, every error names a line, every violation names
// a known rule and carries evidence.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "openness/license_keys.h"
#include "openness/policy.h"

using openness::fuzz::Check;

namespace {

openness::Report FixedReport() {
  openness::Report r = openness::Report::Empty();
  r.subject.id = "org/model";
  openness::EffectiveLicense e;
  e.key = "llama3.1";
  e.name = "Llama 3.1";
  r.license.effective.push_back(e);
  openness::DeclaredLicense d;
  d.value = "llama3.1";
  d.evidence = openness::Evidence::InFile("README.md", 3);
  r.license.declared.push_back(d);
  openness::Condition c;
  c.code = "user-threshold";
  c.text = "700M MAU";
  c.evidence = openness::Evidence::InFile("LICENSE", 9);
  r.rights["commercial"].status = openness::RightStatus::kConditional;
  r.rights["commercial"].conditions.push_back(c);
  r.rights["saas"].status = openness::RightStatus::kProhibited;
  r.openness.level = "open-weights-restricted";
  openness::LineageEntry l;
  l.id = "org/base";
  l.relation = "finetune";
  l.license = "cc-by-nc-4.0";
  l.evidence = openness::Evidence::InFile("README.md", 4);
  r.lineage.push_back(l);
  openness::Finding f;
  f.code = "unsafe-weights-format";
  f.severity = openness::Severity::kError;
  f.message = "runs code";
  f.evidence = {openness::Evidence::InFile("pytorch_model.bin")};
  r.findings.push_back(f);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const openness::LicenseTable& table = openness::LicenseTable::Builtin();
  openness::Policy policy;
  const openness::Status s = openness::ParsePolicy(text, "p.toml", table, &policy);
  if (!s.ok()) {
    Check(s.message().rfind("p.toml", 0) == 0);
    return 0;
  }
  int64_t lines = 1;
  for (char c : text) lines += c == '\n';
  for (const auto& [key, line] : policy.lines) Check(line >= 1 && line <= lines);
  for (const openness::PolicyException& e : policy.exceptions) {
    Check(e.line >= 1 && e.line <= lines);
    Check(e.expires.valid());
    Check(!e.model.empty() && !e.reason.empty());
  }
  static const openness::Report report = FixedReport();
  openness::EvaluateOptions options;
  options.today = {2026, 5, 1};
  const openness::PolicyOutcome outcome = openness::EvaluatePolicy(policy, report, table, options);
  for (const openness::PolicyViolation& v : outcome.violations) {
    Check(openness::FindPolicyRule(v.rule) != nullptr);
    Check(!v.evidence.empty());
    Check(!v.message.empty());
  }
  return 0;
}
