// CheckToJunit: one testcase per target, failures and errors counted, escaping, and the XML is
// parsed by a real XML parser (xmllint) to check structure.
#include <gtest/gtest.h>

#include "check_fixtures.h"
#include "openness/policy_report.h"

namespace openness {
namespace {

std::string Junit() { return CheckToJunit(testing::MakeCheckFixture().run); }

// xmllint --xpath over the document; skips the calling test when xmllint is absent.
#define XPATH(xml, expr, out)                                                  \
  do {                                                                         \
    const int _rc = testing::XmlLint(xml, "--xpath \"" expr "\"", out);        \
    if (_rc == -2) GTEST_SKIP() << "xmllint not installed (scripts/setup.sh)"; \
    ASSERT_EQ(_rc, 0) << *(out);                                               \
  } while (0)

TEST(PolicyJunitTest, IsWellFormed) {
  std::string out;
  const int rc = testing::XmlLint(Junit(), "--noout", &out);
  if (rc == -2) GTEST_SKIP() << "xmllint not installed (scripts/setup.sh)";
  EXPECT_EQ(rc, 0) << out;
}

TEST(PolicyJunitTest, CountsAndOneTestcasePerTarget) {
  const std::string xml = Junit();
  std::string out;
  XPATH(xml, "count(/testsuites/testsuite/testcase)", &out);
  EXPECT_EQ(out, "5");
  XPATH(xml, "string(/testsuites/@tests)", &out);
  EXPECT_EQ(out, "5");
  // Failing: the local folder, the referenced model, the absolute path (license-unknown fails:
  // the run's on_unknown is only carried by the violation's own blocking flag).
  XPATH(xml, "string(/testsuites/testsuite/@failures)", &out);
  EXPECT_EQ(out, "3");
  XPATH(xml, "count(//testcase/failure)", &out);
  EXPECT_EQ(out, "3");
  XPATH(xml, "string(/testsuites/testsuite/@errors)", &out);
  EXPECT_EQ(out, "1");
  XPATH(xml, "string(//testcase[@name='models/missing']/error/@type)", &out);
  EXPECT_EQ(out, "could-not-audit");
  XPATH(xml, "count(//testcase[@name='weights/tiny.Q8_0.gguf']/*)", &out);
  EXPECT_EQ(out, "0");  // passing, nothing to say
}

TEST(PolicyJunitTest, FailureListsFailingViolationsOnly) {
  const std::string xml = Junit();
  std::string out;
  XPATH(xml, "string(//testcase[@name='models/acme-nc']/failure/@type)", &out);
  EXPECT_EQ(out, "license-denied");
  XPATH(xml, "string(//testcase[@name='models/acme-nc']/failure/@message)", &out);
  EXPECT_EQ(out, "[acme/nc-model] 2 policy violations");
  XPATH(xml, "string(//testcase[@name='models/acme-nc']/failure)", &out);
  EXPECT_NE(out.find("license-denied: The weights are under CC-BY-NC-4.0"), std::string::npos);
  EXPECT_NE(out.find("evidence: README.md:3 (cardData.license)"), std::string::npos);
  EXPECT_NE(out.find("policy: openness.toml:4"), std::string::npos);
  EXPECT_EQ(out.find("level-below-minimum"), std::string::npos);  // waived: not a failure
  XPATH(xml, "string(//testcase[@name='models/acme-nc']/system-out)", &out);
  EXPECT_NE(out.find("warning use-unknown"), std::string::npos);
  EXPECT_NE(out.find("waived level-below-minimum"), std::string::npos);
  // Escaped in the document, restored by the parser.
  EXPECT_NE(out.find("Reviewed by legal <LEGAL-7> & approved"), std::string::npos);
  EXPECT_NE(out.find("note: Exception for 'acme/*'"), std::string::npos);
}

TEST(PolicyJunitTest, TestcasesCarryTheirPrimaryLocation) {
  const std::string xml = Junit();
  std::string out;
  XPATH(xml, "string(//testcase[@name='models/acme-nc']/@file)", &out);
  EXPECT_EQ(out, "models/acme-nc/README.md");
  XPATH(xml, "string(//testcase[@name='models/acme-nc']/@line)", &out);
  EXPECT_EQ(out, "3");
  XPATH(xml, "string(//testcase[@name='acme/hub-model']/@file)", &out);
  EXPECT_EQ(out, "src/app/load_model.py");
  XPATH(xml, "string(//testcase[@name='acme/hub-model']/@line)", &out);
  EXPECT_EQ(out, "12");
  XPATH(xml, "count(//testcase[@name='weights/tiny.Q8_0.gguf']/@file)", &out);
  EXPECT_EQ(out, "0");
}

TEST(PolicyJunitTest, PropertiesDescribeThePolicy) {
  const std::string xml = Junit();
  std::string out;
  XPATH(xml, "string(//property[@name='use']/@value)", &out);
  EXPECT_EQ(out, "commercial,saas");
  XPATH(xml, "string(//property[@name='as_of']/@value)", &out);
  EXPECT_EQ(out, "2026-05-01");
  XPATH(xml, "string(//property[@name='policy.name']/@value)", &out);
  EXPECT_EQ(out, "fixture");
}

TEST(PolicyJunitTest, HostileTextStaysWellFormed) {
  testing::CheckFixture f = testing::MakeCheckFixture();
  f.run.targets[0].target = "models/<x> & \"y\"";
  f.run.targets[0].outcome.violations[0].message =
      std::string("bad \x01\x1f control, lone \xC3 byte, overlong \xC0\xAF, ]]> end");
  const std::string xml = CheckToJunit(f.run);
  std::string out;
  const int rc = testing::XmlLint(xml, "--noout", &out);
  if (rc == -2) GTEST_SKIP() << "xmllint not installed";
  EXPECT_EQ(rc, 0) << out << xml;
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
}

TEST(PolicyJunitTest, Deterministic) { EXPECT_EQ(Junit(), Junit()); }

}  // namespace
}  // namespace openness
