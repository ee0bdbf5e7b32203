// ParsePolicy: every key, every validation error (each naming its line), the bounds on
// untrusted text, dates, globs, the rule catalogue and the fixture policies in tests/policies/.
#include "openness/policy.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::TempDir;

Status Parse(std::string_view text, Policy* out) {
  return ParsePolicy(text, "policy.toml", LicenseTable::Builtin(), out);
}

TEST(PolicyTest, ParsesEveryKey) {
  Policy p;
  ASSERT_OK(Parse(R"(version = 1
name = "ship it"
use = ["commercial", "saas", "commercial"]
min_level = "open-weights"
allow = ["osi", "Apache-2.0", "llama3.1"]
deny = ["non-commercial", "AGPL-3.0"]
accept_conditional = false
accept_conditions = ["attribution-display", "notice-file"]
on_unknown = "warn"
require_osaid = true
min_mof_class = "II"
unsafe_weights = "forbid-pickle"
check_base_models = false
deny_findings = ["open-washing"]

[[exception]]
model = "org/*"
rules = ["use-prohibited"]
reason = "contract 17"
expires = 2027-02-28
approved_by = "legal"

[[exception]]
model = "other/model"
reason = "pilot"
expires = "2026-01-31"
)",
                  &p));
  EXPECT_EQ(p.source, "policy.toml");
  EXPECT_EQ(p.name, "ship it");
  EXPECT_EQ(p.uses, (std::vector<std::string>{"commercial", "saas"}));  // duplicates dropped
  EXPECT_EQ(p.min_level, "open-weights");
  // SPDX ids and names become report keys; kinds stay kinds.
  EXPECT_EQ(p.allow, (std::vector<std::string>{"osi", "apache-2.0", "llama3.1"}));
  EXPECT_EQ(p.deny, (std::vector<std::string>{"non-commercial", "agpl-3.0"}));
  EXPECT_FALSE(p.accept_conditional);
  EXPECT_EQ(p.accept_conditions, (std::vector<std::string>{"attribution-display", "notice-file"}));
  EXPECT_EQ(p.on_unknown, OnUnknown::kWarn);
  EXPECT_TRUE(p.require_osaid);
  EXPECT_EQ(p.min_mof_class, "II");
  EXPECT_EQ(p.unsafe_weights, UnsafeWeights::kForbidPickle);
  EXPECT_FALSE(p.check_base_models);
  EXPECT_EQ(p.deny_findings, std::vector<std::string>{"open-washing"});
  ASSERT_EQ(p.exceptions.size(), 2u);
  EXPECT_EQ(p.exceptions[0].model, "org/*");
  EXPECT_EQ(p.exceptions[0].rules, std::vector<std::string>{"use-prohibited"});
  EXPECT_EQ(p.exceptions[0].reason, "contract 17");
  EXPECT_EQ(p.exceptions[0].expires, (PolicyDate{2027, 2, 28}));
  EXPECT_EQ(p.exceptions[0].approved_by, "legal");
  EXPECT_EQ(p.exceptions[0].line, 16);
  EXPECT_TRUE(p.exceptions[1].rules.empty());
  EXPECT_EQ(p.exceptions[1].expires, (PolicyDate{2026, 1, 31}));  // a string date works too
  EXPECT_EQ(p.exceptions[1].line, 23);
  EXPECT_EQ(p.LineOf("use"), 3);
  EXPECT_EQ(p.LineOf("deny"), 6);
  EXPECT_EQ(p.LineOf("min_mof_class"), 11);
  EXPECT_EQ(p.LineOf("not-there"), 0);
}

TEST(PolicyTest, DefaultsFailClosed) {
  Policy p;
  ASSERT_OK(Parse("", &p));
  EXPECT_TRUE(p.uses.empty());
  EXPECT_FALSE(p.min_level);
  EXPECT_TRUE(p.accept_conditional);
  EXPECT_TRUE(p.accept_conditions.empty());  // no condition is accepted unless listed
  EXPECT_EQ(p.on_unknown, OnUnknown::kFail);
  EXPECT_FALSE(p.require_osaid);
  EXPECT_EQ(p.unsafe_weights, UnsafeWeights::kForbidDangerous);
  EXPECT_TRUE(p.check_base_models);
}

TEST(PolicyTest, ASingleStringIsAListOfOne) {
  Policy p;
  ASSERT_OK(Parse("use = \"research\"\nallow = \"MIT\"\naccept_conditions = \"*\"\n", &p));
  EXPECT_EQ(p.uses, std::vector<std::string>{"research"});
  EXPECT_EQ(p.allow, std::vector<std::string>{"mit"});
  EXPECT_EQ(p.accept_conditions, std::vector<std::string>{"*"});
}

TEST(PolicyTest, ControlCharactersAreRefusedWithTheirPlace) {
  // Found by the fuzzer: a NUL in a table header made the TOML library assert.
  Policy p;
  const std::string text("use = \"commercial\"\n[[\0\0exception]]\n", 35);
  const Status s = Parse(text, &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("policy.toml:2:3: control character 0x00"), std::string::npos)
      << s.ToString();
}

TEST(PolicyTest, NonAsciiOnlyInStringsAndComments) {
  Policy p;
  // Found by the fuzzer: a Cyrillic letter in a key reached undefined behaviour in the TOML
  // library's whitespace table.
  Status s = Parse("use = \"commercial\"\na\xd0\x9d = 1\n", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("policy.toml:2:2: non-ASCII character outside a string or comment"),
            std::string::npos)
      << s.ToString();
  // In strings (all four kinds) and comments it is fine.
  EXPECT_TRUE(Parse("# Política de licencias\nuse = \"commercial\"  # café\n"
                    "name = \"équipe \\\" ü\"\n"
                    "[[exception]]\nmodel = 'org/ñ'\nreason = \"\"\"raison\nmotivée\"\"\"\n"
                    "expires = 2099-01-01\n",
                    &p)
                  .ok());
}

TEST(PolicyTest, NonAsciiTextReachesTheTomlLibraryAsEscapes) {
  Policy p;
  // Found by the fuzz campaign: U+02CA right after a backslash in a multi-line string, and
  // U+0425 inside what the TOML library scanned as a date, reached its unreachable whitespace
  // branch. The library now sees ASCII only.
  Status s = Parse("r = \"\"\"^\\\xcb\x8a\n\"\"\"\n", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("policy.toml:1:9: a backslash followed by a non-ASCII character"),
            std::string::npos)
      << s.ToString();
  s = Parse("gs =-accep\"o\"\"\"\"\"1979-05-27T07:32:0\xd0\xa5\"\"\"\"_conditions", &p);
  EXPECT_FALSE(s.ok());
  // Valid TOML keeps its meaning: a line-ending backslash before non-ASCII text, literal
  // strings with quotes and backslashes, characters beyond the Basic Multilingual Plane.
  ASSERT_OK(Parse("name = \"\"\"caf\xc3\xa9 \\\n\n   \xc3\xa9t\xc3\xa9\"\"\"\n", &p));
  EXPECT_EQ(p.name, "caf\xc3\xa9 \xc3\xa9t\xc3\xa9");
  ASSERT_OK(Parse("name = 'C:\\d\xc3\xa9j\xc3\xa0 \"vu\" \xf0\x9f\x98\x80'\n", &p));
  EXPECT_EQ(p.name, "C:\\d\xc3\xa9j\xc3\xa0 \"vu\" \xf0\x9f\x98\x80");
  ASSERT_OK(Parse("name = \'\'\'\n\xc3\xa9\\\"\'\'\'  # \xc3\xa9\n", &p));
  EXPECT_EQ(p.name, "\xc3\xa9\\\"");
  // Invalid UTF-8 is refused with its place.
  s = Parse("name = \"a\xc3\"\n", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("policy.toml:1:10: invalid UTF-8"), std::string::npos)
      << s.ToString();
}

struct BadPolicy {
  const char* text;
  const char* expected;  // a substring of the message, which starts "policy.toml:<line>:"
};

class PolicyErrorTest : public ::testing::TestWithParam<BadPolicy> {};

TEST_P(PolicyErrorTest, NamesTheLine) {
  Policy p;
  p.name = "untouched";
  const Status s = Parse(GetParam().text, &p);
  ASSERT_FALSE(s.ok()) << GetParam().text;
  EXPECT_NE(s.message().find(GetParam().expected), std::string::npos) << s.ToString();
  EXPECT_EQ(s.message().rfind("policy.toml:", 0), 0u) << s.ToString();
  EXPECT_EQ(p.name, "untouched");  // nothing is written on error
}

INSTANTIATE_TEST_SUITE_P(
    Errors, PolicyErrorTest,
    ::testing::Values(
        BadPolicy{"use = \"commercial\"\nmin_levl = \"open-weights\"\n",
                  "policy.toml:2: unknown key 'min_levl'; did you mean 'min_level'?"},
        BadPolicy{"use = 3\n",
                  "policy.toml:1: 'use' must be a string or a list of strings, not "
                  "an integer"},
        BadPolicy{"use = [\"commercial\",\n  \"comercial\"]\n",
                  "policy.toml:2: 'comercial' is not a use; 'use' takes commercial, saas, "
                  "redistribute, derivatives, train-other-models, research; did you mean "
                  "'commercial'?"},
        BadPolicy{"use = [\"saas\", 1]\n",
                  "policy.toml:1: 'use' must list strings; found an "
                  "integer"},
        BadPolicy{"min_level = \"open\"\n", "policy.toml:1: 'open' is not a level"},
        BadPolicy{"allow = [\n \"osi\",\n \"llama-3.1-community\",\n]\n",
                  "policy.toml:3: 'llama-3.1-community' in 'allow' is neither a license key nor "
                  "a license kind"},
        BadPolicy{"deny = [\"non-comercial\"]\n", "did you mean 'non-commercial'?"},
        BadPolicy{"accept_conditions = [\"atribution-display\"]\n",
                  "policy.toml:1: 'atribution-display' is not a condition code; did you mean "
                  "'attribution-display'?"},
        BadPolicy{"accept_conditional = \"yes\"\n",
                  "policy.toml:1: 'accept_conditional' must be true or false, not a string"},
        BadPolicy{"\non_unknown = \"maybe\"\n",
                  "policy.toml:2: 'on_unknown' is \"fail\" or "
                  "\"warn\""},
        BadPolicy{"min_mof_class = \"IV\"\n", "policy.toml:1: 'min_mof_class' is \"III\""},
        BadPolicy{"unsafe_weights = \"forbid-dangerus\"\n", "did you mean 'forbid-dangerous'?"},
        BadPolicy{"deny_findings = [\"Open Washing\"]\n", "is not a finding code"},
        BadPolicy{"version = 2\n", "policy.toml:1: policy version 2 is not supported"},
        BadPolicy{"use = \"commercial\"\nuse = \"saas\"\n", "policy.toml:2:"},  // TOML: duplicate
        BadPolicy{"use = \"commercial\n", "policy.toml:1:"},                    // TOML: syntax
        BadPolicy{"[exception]\nmodel = \"a\"\n",
                  "policy.toml:1: 'exception' must be written as [[exception]] tables"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nexpires = 2026-01-01\n",
                  "policy.toml:1: [[exception]] needs 'reason'"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nreason = \"x\"\n",
                  "policy.toml:1: [[exception]] needs 'expires'"},
        BadPolicy{"[[exception]]\nreason = \"x\"\nexpires = 2026-01-01\n",
                  "policy.toml:1: [[exception]] needs 'model'"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nreason = \"  \"\nexpires = 2026-01-01\n",
                  "policy.toml:3: 'reason' must say why"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nreason = \"x\"\nexpires = \"31/12/2026\"\n",
                  "policy.toml:4: 'expires' must be a date written YYYY-MM-DD"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nreason = \"x\"\nexpires = \"2026-02-30\"\n",
                  "policy.toml:4: 'expires' must be a date"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nreason = \"x\"\nexpires = 2026-01-01\n"
                  "rules = [\"use-prohibitted\"]\n",
                  "policy.toml:5: 'use-prohibitted' is not a policy rule; did you mean "
                  "'use-prohibited'?"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nreason = \"x\"\nexpires = 2026-01-01\n"
                  "expiry = 2026-01-01\n",
                  "policy.toml:5: unknown key 'expiry' in [[exception]]; did you mean "
                  "'expires'?"},
        BadPolicy{"[[exception]]\nmodel = \"a\"\nreason = \"x\"\nexpires = 2026-01-01T10:00:00\n",
                  "policy.toml:4: 'expires' must be a date (expires = 2026-12-31), not a date and "
                  "time"}));

TEST(PolicyTest, SyntaxErrorsAreCorruptionWithLineAndColumn) {
  Policy p;
  const Status s = Parse("use = \"commercial\"\nallow = [\"osi\"\n", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_EQ(s.message().rfind("policy.toml:", 0), 0u) << s.ToString();
}

TEST(PolicyTest, ValidationErrorsAreInvalidArgument) {
  Policy p;
  EXPECT_EQ(Parse("colour = 1\n", &p).code(), Status::Code::kInvalidArgument);
}

TEST(PolicyTest, DeepDottedKeysAreRefusedBeforeParsing) {
  // A dotted key with thousands of parts would nest tables deep enough to exhaust the stack in
  // the TOML parser; the pre-scan refuses it and names the line.
  std::string deep = "use = \"research\"\n" + std::string("a");
  for (int i = 0; i < 5000; ++i) deep += ".a";
  deep += " = 1\n";
  Policy p;
  Status s = Parse(deep, &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("policy.toml:2: more than 64 dots"), std::string::npos)
      << s.ToString();

  std::string header = "[";
  for (int i = 0; i < 100; ++i) header += "t.";
  header += "t]\n";
  EXPECT_FALSE(Parse(header, &p).ok());
}

TEST(PolicyTest, DotsInStringsAndCommentsAreNotCounted) {
  const std::string dots(300, '.');
  Policy p;
  ASSERT_OK(Parse("name = \"" + dots + "\"  # " + dots + "\n[[exception]]\nmodel = 'a" + dots +
                      "'\nreason = \"\"\"\n" + dots + "\n" + dots +
                      "\\\"\"\"\"\"\nexpires = " + "2030-01-01\n",
                  &p));
  EXPECT_EQ(p.name, dots);
  ASSERT_EQ(p.exceptions.size(), 1u);
  EXPECT_EQ(p.exceptions[0].reason, dots + "\n" + dots + "\"\"");
  // An ordinary dotted key (a few parts) is still an unknown key, reported as such.
  const Status s = Parse("tool.openness.use = 1\n", &p);
  EXPECT_NE(s.message().find("unknown key 'tool'"), std::string::npos) << s.ToString();
}

TEST(PolicyTest, DeepInlineNestingIsBounded) {
  Policy p;
  const Status s = Parse("use = " + std::string(200, '[') + std::string(200, ']') + "\n", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
}

TEST(PolicyTest, OversizedPolicyIsRefused) {
  Limits limits = DefaultLimits();
  limits.policy_bytes = 64;
  Policy p;
  const Status s =
      ParsePolicy(std::string(100, '#'), "big.toml", LicenseTable::Builtin(), &p, limits);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);
  EXPECT_NE(s.message().find("big.toml"), std::string::npos);
}

TEST(PolicyTest, OverlongValuesAreRefused) {
  Policy p;
  const Status s = Parse("name = \"" + std::string(5000, 'x') + "\"\n", &p);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("longer than 4096 bytes"), std::string::npos);
}

TEST(PolicyTest, LoadPolicyFile) {
  TempDir dir;
  const auto path = dir.Write("openness.toml", "use = \"saas\"\n");
  Policy p;
  ASSERT_OK(LoadPolicyFile(path.string(), LicenseTable::Builtin(), &p));
  EXPECT_EQ(p.uses, std::vector<std::string>{"saas"});
  EXPECT_EQ(p.source, path.string());

  const Status missing =
      LoadPolicyFile((dir.path() / "absent.toml").string(), LicenseTable::Builtin(), &p);
  EXPECT_EQ(missing.code(), Status::Code::kNotFound);

  Limits small = DefaultLimits();
  small.policy_bytes = 4;
  EXPECT_EQ(LoadPolicyFile(path.string(), LicenseTable::Builtin(), &p, small).code(),
            Status::Code::kTooLarge);
}

TEST(PolicyDateTest, ParsesCalendarDaysOnly) {
  PolicyDate d;
  ASSERT_TRUE(PolicyDate::Parse("2028-02-29", &d));
  EXPECT_EQ(d, (PolicyDate{2028, 2, 29}));
  EXPECT_EQ(d.ToString(), "2028-02-29");
  EXPECT_FALSE(PolicyDate::Parse("2027-02-29", &d));  // not a leap year
  EXPECT_TRUE(PolicyDate::Parse("2000-02-29", &d));   // divisible by 400
  EXPECT_FALSE(PolicyDate::Parse("1900-02-29", &d));  // divisible by 100
  EXPECT_FALSE(PolicyDate::Parse("2026-13-01", &d));
  EXPECT_FALSE(PolicyDate::Parse("2026-04-31", &d));
  EXPECT_FALSE(PolicyDate::Parse("2026-4-1", &d));
  EXPECT_FALSE(PolicyDate::Parse("2026-04-0x", &d));
  EXPECT_FALSE(PolicyDate::Parse("", &d));
  EXPECT_LT((PolicyDate{2026, 12, 31}), (PolicyDate{2027, 1, 1}));
  EXPECT_FALSE(PolicyDate{}.valid());
}

TEST(PolicyGlobTest, Matches) {
  EXPECT_TRUE(PolicyGlobMatch("meta-llama/Llama-3.1-8B", "meta-llama/llama-3.1-8b"));
  EXPECT_TRUE(PolicyGlobMatch("meta-llama/*", "meta-llama/Llama-3.1-8B"));
  EXPECT_TRUE(PolicyGlobMatch("*Llama*", "meta-llama/Llama-3.1-8B"));
  EXPECT_TRUE(PolicyGlobMatch("*", ""));
  EXPECT_TRUE(PolicyGlobMatch("a*b*c", "a-x-b-y-c"));
  EXPECT_FALSE(PolicyGlobMatch("a*b*c", "a-x-b-y-d"));
  EXPECT_FALSE(PolicyGlobMatch("meta-llama/*", "mistralai/Mistral-7B"));
  EXPECT_FALSE(PolicyGlobMatch("model", "model-2"));
  EXPECT_FALSE(PolicyGlobMatch("", "x"));
  // Many stars over a long non-matching text stay fast (no exponential backtracking).
  EXPECT_FALSE(PolicyGlobMatch(std::string(200, '*') + "b", std::string(512, 'a')));
}

TEST(PolicyRulesTest, CatalogueIsCompleteAndUnique) {
  std::set<std::string_view> ids;
  for (const PolicyRule& r : PolicyRules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << r.id;
    EXPECT_FALSE(r.summary.empty()) << r.id;
    EXPECT_FALSE(r.help.empty()) << r.id;
    EXPECT_EQ(FindPolicyRule(r.id), &r);
  }
  EXPECT_EQ(ids.size(), 13u);
  EXPECT_EQ(FindPolicyRule("nope"), nullptr);
}

TEST(PolicyTest, FixturePoliciesParseAndCoverEveryUse) {
  std::set<std::string> uses;
  size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::SourceDir() / "tests" / "policies")) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    Policy p;
    ASSERT_OK(LoadPolicyFile(entry.path().string(), LicenseTable::Builtin(), &p));
    EXPECT_FALSE(p.name.empty()) << entry.path();
    uses.insert(p.uses.begin(), p.uses.end());
  }
  EXPECT_GE(files, kPolicyUses.size());
  for (std::string_view use : kPolicyUses) EXPECT_EQ(uses.count(std::string(use)), 1u) << use;
}

}  // namespace
}  // namespace openness
