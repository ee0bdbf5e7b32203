// CheckToSarif: a check run as a SARIF 2.1.0 log, the form GitHub code scanning and other
// result viewers read.
//
// One run, tool "openness", every policy rule declared once. One result per violation:
// failing ones at level "error", warnings (on_unknown = "warn") at "warning", waived ones keep
// their level and carry an accepted external suppression with the exception's reason. The
// primary location is the target's reference in a codebase when it has one (the evidence and
// the other places the codebase names the model then become relatedLocations), else the first
// piece of evidence with a file, as a path under the target's evidence root. URIs are relative
// to where openness ran (the repository root in CI) unless the target was given as an absolute
// path.
#include <algorithm>
#include <cstdio>

#include "openness/policy_report.h"

namespace openness {
namespace {

using Json = nlohmann::ordered_json;

// Percent-encodes everything but RFC 3986 unreserved characters and '/'.
std::string EncodePath(std::string_view path) {
  std::string out;
  for (const char ch : path) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// The URI of file under root: relative paths stay relative (without a leading "./"), absolute
// ones become file:// URIs.
std::string ArtifactUri(std::string_view root, std::string_view file) {
  std::string path;
  if (root.empty() || root == ".") {
    path = std::string(file);
  } else if (file.empty()) {
    path = std::string(root);
  } else {
    path = std::string(root) + (root.back() == '/' ? "" : "/") + std::string(file);
  }
  while (path.size() > 2 && path.compare(0, 2, "./") == 0) path.erase(0, 2);
  if (!path.empty() && path.front() == '/') return "file://" + EncodePath(path);
  return EncodePath(path);
}

Json Location(const std::string& uri, int64_t line, int64_t column) {
  Json physical;
  physical["artifactLocation"] = {{"uri", uri}};
  if (line > 0) {
    Json region = {{"startLine", line}};
    if (column > 0) region["startColumn"] = column;
    physical["region"] = std::move(region);
  }
  Json loc;
  loc["physicalLocation"] = std::move(physical);
  return loc;
}

// "LicenseDenied" from "license-denied".
std::string RuleName(std::string_view id) {
  std::string out;
  bool upper = true;
  for (const char c : id) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

std::vector<std::string> RuleTags(std::string_view id) {
  if (id == "unsafe-weights-format") return {"policy", "security"};
  if (id == "level-below-minimum" || id == "osaid-required" || id == "mof-class-below-minimum") {
    return {"policy", "openness"};
  }
  if (id == "denied-finding") return {"policy"};
  return {"policy", "license"};
}

std::string Fingerprint(std::string_view text) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Json Rules() {
  Json rules = Json::array();
  for (const PolicyRule& r : PolicyRules()) {
    rules.push_back(
        {{"id", r.id},
         {"name", RuleName(r.id)},
         {"shortDescription", {{"text", r.summary}}},
         {"fullDescription", {{"text", std::string(r.summary) + " " + std::string(r.help)}}},
         {"help", {{"text", r.help}}},
         {"defaultConfiguration", {{"level", "error"}}},
         {"properties", {{"tags", RuleTags(r.id)}}}});
  }
  return rules;
}

int RuleIndex(std::string_view id) {
  const auto& rules = PolicyRules();
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

// A related location's message: what the evidence says beyond its place.
std::string EvidenceNote(const Evidence& e) {
  std::string out;
  if (e.key) out = "metadata key " + *e.key;
  if (e.excerpt && !e.excerpt->empty()) out += (out.empty() ? "" : ": ") + *e.excerpt;
  if (out.empty()) out = "evidence";
  return out;
}

Json SarifResult(const CheckRun& run, const CheckedTarget& t, const PolicyViolation& v) {
  const Report& report = *t.report;
  Json result;
  result["ruleId"] = v.rule;
  if (const int index = RuleIndex(v.rule); index >= 0) result["ruleIndex"] = index;
  result["level"] = v.blocking ? "error" : "warning";

  // Locations: the reference in a codebase, else the first evidence in a file.
  Json locations = Json::array();
  Json related = Json::array();
  int next_id = 1;
  std::vector<std::string> key_only;  // evidence with no place to point at
  bool primary_from_evidence = false;
  if (t.reference) {
    locations.push_back(
        Location(ArtifactUri("", t.reference->file), t.reference->line, t.reference->column));
  }
  const bool local = EvidenceIsLocal(t);
  for (const Evidence& e : v.evidence) {
    Json loc;
    if (e.file && !local) {
      // A file of a remote release: named in the message, not a location in this checkout.
      if (e.url) {
        loc = Location(*e.url, 0, 0);
      } else {
        key_only.push_back(DescribeEvidence(e));
        continue;
      }
    } else if (e.file) {
      loc = Location(ArtifactUri(t.evidence_root, *e.file), e.line.value_or(0), 0);
    } else if (e.url) {
      loc = Location(*e.url, 0, 0);
    } else {
      if (e.key) key_only.push_back(DescribeEvidence(e));
      continue;
    }
    if (locations.empty() && e.file && local) {
      locations.push_back(std::move(loc));
      primary_from_evidence = true;
      continue;
    }
    loc["id"] = next_id++;
    loc["message"] = {{"text", EvidenceNote(e)}};
    related.push_back(std::move(loc));
  }
  for (const SourceLocation& r : t.other_references) {
    Json loc = Location(ArtifactUri("", r.file), r.line, r.column);
    loc["id"] = next_id++;
    const std::string& id = report.subject.id;
    loc["message"] = {{"text", r.line > 0 ? "the code also names " + id + " here"
                                          : "the files of " + id + " in the tree"}};
    related.push_back(std::move(loc));
  }
  if (locations.empty()) {
    if (local) {
      // No file to point at: the target itself (a single file, or the release folder).
      locations.push_back(Location(report.subject.source == "file"
                                       ? ArtifactUri("", t.target)
                                       : ArtifactUri(t.evidence_root, ""),
                                   0, 0));
    } else {
      // A remote release named nowhere in this checkout: the policy line that demanded it.
      locations.push_back(
          Location(ArtifactUri("", run.policy->source), std::max<int64_t>(v.policy_line, 1), 0));
    }
  }
  std::string text = "[" + report.subject.id + "] " + v.message;
  if (!key_only.empty()) {
    text += " (evidence: ";
    for (size_t i = 0; i < key_only.size(); ++i) text += (i ? "; " : "") + key_only[i];
    text += ")";
  }
  if (t.reference && !primary_from_evidence && local && !v.evidence.empty() && v.evidence[0].file) {
    text += " Evidence in the release: " + DescribeEvidence(v.evidence[0]) + ".";
  }
  result["message"] = {{"text", text}};
  result["locations"] = std::move(locations);
  if (!related.empty()) result["relatedLocations"] = std::move(related);
  result["partialFingerprints"] = {
      {"opennessPolicyViolation/v1",
       Fingerprint(report.subject.id + "\n" + v.rule + "\n" + v.message)}};
  if (v.waiver) {
    std::string justification = v.waiver->reason + " (exception " + run.policy->source + ":" +
                                std::to_string(v.waiver->line) + ", expires " +
                                v.waiver->expires.ToString();
    if (!v.waiver->approved_by.empty()) justification += ", approved by " + v.waiver->approved_by;
    justification += ")";
    result["suppressions"] = Json::array(
        {{{"kind", "external"}, {"status", "accepted"}, {"justification", justification}}});
  }
  Json properties;
  properties["target"] = t.target;
  properties["model"] = report.subject.id;
  properties["fromUnknown"] = v.from_unknown;
  if (v.policy_line > 0) {
    properties["policy"] = run.policy->source + ":" + std::to_string(v.policy_line);
  }
  result["properties"] = std::move(properties);
  return result;
}

}  // namespace

Json CheckToSarif(const CheckRun& run) {
  Json driver;
  driver["name"] = "openness";
  driver["version"] = run.tool_version;
  driver["semanticVersion"] = run.tool_version;
  driver["rules"] = Rules();

  Json results = Json::array();
  Json execution_notes = Json::array();
  Json config_notes = Json::array();
  for (const CheckedTarget& t : run.targets) {
    if (!t.report) {
      Json n;
      n["level"] = "error";
      n["message"] = {{"text", t.target + ": could not audit: " + t.error}};
      if (t.reference) {
        n["locations"] = Json::array(
            {Location(ArtifactUri("", t.reference->file), t.reference->line, t.reference->column)});
      }
      execution_notes.push_back(std::move(n));
      continue;
    }
    for (const PolicyViolation& v : t.outcome.violations) results.push_back(SarifResult(run, t, v));
    for (const PolicyNote& note : t.outcome.notes) {
      Json n;
      n["level"] = "note";
      n["message"] = {{"text", "[" + t.report->subject.id + "] " + note.text}};
      if (note.policy_line > 0) {
        n["locations"] =
            Json::array({Location(ArtifactUri("", run.policy->source), note.policy_line, 0)});
      }
      config_notes.push_back(std::move(n));
    }
  }

  Json invocation;
  invocation["executionSuccessful"] = OverallVerdict(run) != CheckVerdict::kError;
  if (!execution_notes.empty()) invocation["toolExecutionNotifications"] = execution_notes;
  if (!config_notes.empty()) invocation["toolConfigurationNotifications"] = config_notes;

  Json sarif_run;
  sarif_run["tool"] = {{"driver", std::move(driver)}};
  sarif_run["invocations"] = Json::array({std::move(invocation)});
  sarif_run["results"] = std::move(results);
  Json props;
  props["policy"] = run.policy->source;
  if (run.as_of.valid()) props["asOf"] = run.as_of.ToString();
  props["status"] = CheckVerdictName(OverallVerdict(run));
  sarif_run["properties"] = std::move(props);

  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(sarif_run)});
  return log;
}

}  // namespace openness
