// Shared by the tests of the check writers (src/policy_*_test.cc, tests/check_golden_test.cc):
// a synthetic check run that exercises every writer path, and the external validators (the
// SARIF 2.1.0 schema through node + ajv, XML through xmllint).
#ifndef OPENNESS_TESTS_CHECK_FIXTURES_H_
#define OPENNESS_TESTS_CHECK_FIXTURES_H_

#include <sys/wait.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "openness/policy.h"
#include "openness/policy_report.h"
#include "test_util.h"

namespace openness::testing {

// Report parts built field by field (the report structs grow fields beyond the contract, and
// aggregate initialisation would then stop compiling under -Wmissing-field-initializers).

inline EffectiveLicense MakeEffective(const std::string& key) {
  EffectiveLicense e;
  e.key = key;
  e.name = key;
  e.spdx = "LicenseRef-" + key;
  if (const LicenseKey* k = LicenseTable::Builtin().Find(key); k != nullptr) {
    e.name = k->name;
    e.spdx = k->SpdxOrRef();
    e.osi_approved = k->osi_approved();
    e.open = k->open();
  }
  return e;
}

inline DeclaredLicense MakeDeclared(std::string value, Evidence evidence) {
  DeclaredLicense d;
  d.value = std::move(value);
  d.evidence = std::move(evidence);
  return d;
}

inline DetectedLicense MakeDetected(std::string key, double confidence, Evidence evidence) {
  DetectedLicense d;
  d.key = std::move(key);
  d.confidence = confidence;
  d.evidence = std::move(evidence);
  return d;
}

inline Condition MakeCondition(std::string code, std::string text, Evidence evidence) {
  Condition c;
  c.code = std::move(code);
  c.text = std::move(text);
  c.evidence = std::move(evidence);
  return c;
}

inline Right MakeRight(RightStatus status, std::vector<Condition> conditions = {}) {
  Right r;
  r.status = status;
  r.conditions = std::move(conditions);
  return r;
}

inline Finding MakeFinding(std::string code, Severity severity, std::string message,
                           std::vector<Evidence> evidence) {
  Finding f;
  f.code = std::move(code);
  f.severity = severity;
  f.message = std::move(message);
  f.evidence = std::move(evidence);
  return f;
}

inline Reason MakeReason(std::string code, std::string text, std::vector<Evidence> evidence) {
  Reason r;
  r.code = std::move(code);
  r.text = std::move(text);
  r.evidence = std::move(evidence);
  return r;
}

inline LineageEntry MakeLineage(std::string id, std::string relation,
                                std::optional<std::string> license, Evidence evidence) {
  LineageEntry l;
  l.id = std::move(id);
  l.relation = std::move(relation);
  l.license = std::move(license);
  l.evidence = std::move(evidence);
  return l;
}

/// A run against one policy over five targets: a local folder with a failing, a warned and a
/// waived violation; a single GGUF file; a model referenced from source code; an absolute path
/// with a space; a target that could not be audited. The policy lives as long as the run.
struct CheckFixture {
  std::unique_ptr<Policy> policy = std::make_unique<Policy>();
  CheckRun run;
};

inline CheckFixture MakeCheckFixture() {
  CheckFixture f;
  const Status s = ParsePolicy(R"(name = "fixture"
use = ["commercial", "saas"]
min_level = "open-weights"
deny = ["non-commercial"]
on_unknown = "warn"

[[exception]]
model = "acme/*"
rules = ["level-below-minimum"]
reason = "Reviewed by legal <LEGAL-7> & approved"
expires = 2030-06-30
approved_by = "legal@example.com"
)",
                               "openness.toml", LicenseTable::Builtin(), f.policy.get());
  EXPECT_TRUE(s.ok()) << s.ToString();
  f.run.policy = f.policy.get();
  f.run.tool_version = "test";
  f.run.as_of = {2026, 5, 1};

  auto target = [](std::string name, std::string id, std::string source, std::string key) {
    CheckedTarget t;
    t.target = std::move(name);
    Report r = Report::Empty();
    r.subject.source = std::move(source);
    r.subject.id = std::move(id);
    r.license.effective.push_back(MakeEffective(key));
    t.report = std::move(r);
    return t;
  };
  const Evidence card = [] {
    Evidence e = Evidence::InFile("README.md", 3).WithKey("cardData.license");
    e.WithExcerpt("license: cc-by-nc-4.0");
    return e;
  }();

  // 1. A local folder under a non-commercial license.
  CheckedTarget local = target("models/acme-nc", "acme/nc-model", "local", "cc-by-nc-4.0");
  local.evidence_root = "models/acme-nc";
  {
    PolicyViolation v;
    v.rule = "license-denied";
    v.message = "The weights are under CC-BY-NC-4.0, which the policy denies.";
    v.evidence = {card, Evidence::InFile("LICENSE", 1)};
    v.policy_line = 4;
    local.outcome.violations.push_back(v);
    PolicyViolation prohibited;
    prohibited.rule = "use-prohibited";
    prohibited.message = "Commercial use is prohibited.";
    Evidence url;
    url.url = "https://huggingface.co/acme/nc-model";
    Evidence key_only;
    key_only.key = "general.license";
    key_only.excerpt = "cc-by-nc-4.0";
    prohibited.evidence = {card, url, key_only};
    prohibited.policy_line = 2;
    local.outcome.violations.push_back(prohibited);
    PolicyViolation warned;
    warned.rule = "use-unknown";
    warned.message = "Offering the model as a hosted service (saas): the evidence does not say.";
    warned.evidence = {card};
    warned.from_unknown = true;
    warned.blocking = false;
    warned.policy_line = 5;
    local.outcome.violations.push_back(warned);
    PolicyViolation waived;
    waived.rule = "level-below-minimum";
    waived.message =
        "The release is open-weights-restricted; the policy requires at least "
        "open-weights.";
    waived.evidence = {card};
    waived.policy_line = 3;
    waived.waiver = PolicyWaiver{
        "Reviewed by legal <LEGAL-7> & approved", {2030, 6, 30}, "legal@example.com", 7};
    local.outcome.violations.push_back(waived);
    local.outcome.notes.push_back({"Exception for 'acme/*' (openness.toml:7) expires soon.", 7});
  }
  f.run.targets.push_back(std::move(local));

  // 2. A single file that passes.
  CheckedTarget file = target("weights/tiny.Q8_0.gguf", "tiny.Q8_0.gguf", "file", "mit");
  file.evidence_root = "weights";
  f.run.targets.push_back(std::move(file));

  // 3. A model referenced from application code (a codebase inventory).
  CheckedTarget referenced = target("acme/hub-model", "acme/hub-model", "hub", "cc-by-nc-4.0");
  referenced.reference = SourceLocation{"src/app/load_model.py", 12, 5};
  {
    PolicyViolation v;
    v.rule = "use-prohibited";
    v.message = "Commercial use is prohibited.";
    v.evidence = {card};
    v.policy_line = 2;
    referenced.outcome.violations.push_back(v);
  }
  f.run.targets.push_back(std::move(referenced));

  // 4. An absolute path with a space, violating with evidence that has no file.
  CheckedTarget absolute = target("/srv/models/my model", "my model", "local", "cc-by-nc-4.0");
  absolute.evidence_root = "/srv/models/my model";
  {
    PolicyViolation v;
    v.rule = "license-unknown";
    v.message = "No license governing the weights could be identified.";
    Evidence field;
    field.key = "license.effective";
    field.excerpt = "no license identified";
    v.evidence = {field};
    absolute.outcome.violations.push_back(v);
  }
  f.run.targets.push_back(std::move(absolute));

  // 5. Could not be audited.
  CheckedTarget broken;
  broken.target = "models/missing";
  broken.error = "not found: models/missing: no such file or directory";
  f.run.targets.push_back(std::move(broken));
  return f;
}

/// Runs a shell command; returns its exit status (-1 when it did not exit).
inline int RunShell(const std::string& cmd) {
  const int raw = std::system(cmd.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

/// Validates sarif against the SARIF 2.1.0 schema (tests/sarif_validate.js). Returns 0 valid,
/// 1 invalid (*errors says why), 3 when node, ajv or the schema is not installed.
inline int ValidateSarif(const std::string& sarif, std::string* errors) {
  if (RunShell("command -v node >/dev/null 2>&1") != 0) return 3;
  TempDir dir;
  const auto log = dir.Write("log.sarif", sarif);
  const auto err = dir.path() / "err";
  const std::string cmd =
      "node '" + (SourceDir() / "tests" / "sarif_validate.js").string() + "' '" +
      (SourceDir() / "third_party" / "npm" / "sarif" / "node_modules").string() + "' '" +
      log.string() + "' 2>'" + err.string() + "'";
  const int status = RunShell(cmd);
  *errors = ReadFileOrDie(err);
  return status;
}

/// Runs xmllint over xml with args (e.g. "--noout", or "--xpath 'count(//testcase)'"); returns
/// its exit status and fills *out with what it printed (without the final newline). -2 when
/// xmllint is not installed.
inline int XmlLint(const std::string& xml, const std::string& args, std::string* out) {
  if (RunShell("command -v xmllint >/dev/null 2>&1") != 0) return -2;
  TempDir dir;
  const auto file = dir.Write("doc.xml", xml);
  const auto result = dir.path() / "out";
  const int status =
      RunShell("xmllint " + args + " '" + file.string() + "' >'" + result.string() + "' 2>&1");
  *out = ReadFileOrDie(result);
  while (!out->empty() && out->back() == '\n') out->pop_back();
  return status;
}

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_CHECK_FIXTURES_H_
