// Reports built in code for the writer tests: a hostile one, whose every string tries to break
// out of its markup (tags, quotes, Markdown pipes and backticks, links, mentions), and a quiet
// one. Header-only; used by the *_test.cc files of the human formats and tests/.
#ifndef OPENNESS_SRC_REPORT_TEST_FIXTURES_H_
#define OPENNESS_SRC_REPORT_TEST_FIXTURES_H_

#include <map>
#include <string>

#include "openness/report.h"

namespace openness::testing {

inline Evidence At(std::string file, int64_t line, std::string excerpt = "") {
  Evidence e = Evidence::InFile(std::move(file), line);
  if (!excerpt.empty()) e.excerpt = std::move(excerpt);
  return e;
}

inline Report HostileReport() {
  Report r = Report::Empty();
  r.tool_version = "test";
  r.subject.source = "local";
  r.subject.id = "<script>alert('id')</script>";
  r.subject.path = "/tmp/x y/<b>";

  WeightsFile w;
  w.path = "model\".safetensors";
  w.format = "safetensors";
  w.bytes = 232;
  w.parameters = 16;
  r.weights.published = true;
  r.weights.formats = {"safetensors"};
  r.weights.parameters = 16;
  r.weights.files = {w};

  EffectiveLicense lic;
  lic.key = "evil";
  lic.name = "Evil \"License\" <i>italic</i>";
  lic.spdx = "LicenseRef-evil|x";
  r.license.effective = {lic};
  DeclaredLicense declared;
  declared.value = "evil` | `x";
  declared.evidence = At("README.md", 2, "license: evil` | `x <script>");
  declared.evidence.key = "license";
  r.license.declared = {declared};

  Condition c;
  c.code = "attr|ib`ution";
  c.text = "Show `code` | pipes, <b>tags</b>, @octocat and [x](javascript:alert(1))";
  c.evidence = At("LICENSE", 9, "``` | ``` <img src=x onerror=alert(1)>");
  c.evidence.url = "javascript:alert(1)";
  r.rights["commercial"].status = RightStatus::kConditional;
  r.rights["commercial"].conditions = {c};
  r.rights["derivatives"].status = RightStatus::kConditional;
  r.rights["derivatives"].conditions = {c};
  r.rights["saas"].status = RightStatus::kProhibited;
  r.rights["redistribute"].status = RightStatus::kAllowed;

  r.components["model-card"].status = ComponentStatus::kPresent;
  r.components["model-card"].evidence = {At("README.md", 1)};
  r.components["model-parameters-final"].status = ComponentStatus::kPresent;
  r.components["model-parameters-final"].license = "evil";
  r.components["model-parameters-final"].open = false;
  r.components["model-parameters-final"].evidence = {Evidence::InFile("model\".safetensors")};
  r.components["datasets"].status = ComponentStatus::kAbsent;

  r.openness.level = "open-weights-restricted";
  r.openness.justification = "<script>document.write('x')</script> & more";
  r.openness.osaid_status = "fail";
  Reason reason;
  reason.code = "parameters-license-restricts-use";
  reason.text = "Bad & <worse> | `tick`";
  reason.evidence = {declared.evidence};
  r.openness.osaid_reasons = {reason};
  r.openness.mof_class = "III";
  r.openness.mof_progress = std::map<std::string, double>{{"III", 100}, {"II", 60}, {"I", 12.4}};

  LineageEntry base;
  base.id = "org/base\"><svg onload=alert(1)>";
  base.relation = "finetune";
  base.license = "llama3";
  base.evidence = At("README.md", 5, "base_model: org/base");
  r.lineage = {base};

  Finding warning;
  warning.code = "open-washing";
  warning.severity = Severity::kWarning;
  warning.message = "Claims \"fully open\" | but </li></ul> isn't";
  Evidence link;
  link.url = "https://example.org/a|b?c=\"d\"";
  warning.evidence = {At("README.md", 12, "fully open"), link};
  Finding error;
  error.code = "x<y";
  error.severity = Severity::kError;
  error.message = "![pixel](https://tracker.example/p.png)";
  error.evidence = {Evidence::InFile("a b.md")};
  r.findings = {warning, error};
  return r;
}

/// Every right allowed under MIT, nothing hostile.
inline Report QuietReport(std::string id) {
  Report r = Report::Empty();
  r.tool_version = "test";
  r.subject.id = std::move(id);
  EffectiveLicense lic;
  lic.key = "mit";
  lic.name = "MIT License";
  lic.spdx = "MIT";
  lic.osi_approved = lic.open = true;
  r.license.effective = {lic};
  DeclaredLicense declared;
  declared.value = "mit";
  declared.evidence = At("README.md", 2, "license: mit");
  r.license.declared = {declared};
  for (std::string_view u : kUseCases) r.rights[std::string(u)].status = RightStatus::kAllowed;
  r.openness.level = "open-weights";
  r.weights.formats = {"gguf"};
  r.weights.parameters = 1'500'000'000;
  return r;
}

}  // namespace openness::testing

#endif  // OPENNESS_SRC_REPORT_TEST_FIXTURES_H_
