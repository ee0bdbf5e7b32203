#include "openness/license_keys.h"

#include <gtest/gtest.h>

#include <set>

#include "test_util.h"

namespace openness {
namespace {

TEST(LicenseKeysTest, BuiltinTableHasEveryContractKey) {
  const LicenseTable& t = LicenseTable::Builtin();
  // The contract's key list has 67 keys; every one must be present exactly once.
  std::set<std::string> keys;
  for (const LicenseKey& k : t.entries()) EXPECT_TRUE(keys.insert(k.key).second) << k.key;
  EXPECT_GE(keys.size(), 67u);
  for (const char* k : {"apache-2.0", "llama3.1", "gemma", "deepseek", "qwen-research",
                        "tii-falcon-3", "exaone-nc", "other", "unknown"}) {
    EXPECT_NE(t.Find(k), nullptr) << k;
  }
}

// Our data file must agree with the contract's table (../shared/spec/license-keys.csv) on every
// key, Hub id, SPDX id and kind.
TEST(LicenseKeysTest, AgreesWithTheContractTable) {
  SKIP_WITHOUT_SHARED(shared);
  LicenseTable spec;
  std::string err;
  // The contract's file has five columns; give every row an empty alias column.
  std::string csv = testing::ReadFileOrDie(shared / "spec" / "license-keys.csv"), padded;
  size_t pos = 0;
  while (pos < csv.size()) {
    size_t eol = csv.find('\n', pos);
    if (eol == std::string::npos) eol = csv.size();
    padded += csv.substr(pos, eol - pos) + ",\n";
    pos = eol + 1;
  }
  ASSERT_TRUE(LicenseTable::Parse(padded, &spec, &err)) << err;
  ASSERT_EQ(spec.entries().size(), 67u);
  const LicenseTable& ours = LicenseTable::Builtin();
  for (const LicenseKey& want : spec.entries()) {
    const LicenseKey* got = ours.Find(want.key);
    ASSERT_NE(got, nullptr) << want.key;
    EXPECT_EQ(got->hf_id, want.hf_id) << want.key;
    EXPECT_EQ(got->spdx, want.spdx) << want.key;
    EXPECT_EQ(got->kind, want.kind) << want.key;
    EXPECT_EQ(got->name, want.name) << want.key;
  }
}

TEST(LicenseKeysTest, KindsDecideOpenness) {
  const LicenseTable& t = LicenseTable::Builtin();
  EXPECT_TRUE(t.Find("apache-2.0")->open());
  EXPECT_TRUE(t.Find("apache-2.0")->osi_approved());
  EXPECT_TRUE(t.Find("cc-by-4.0")->open());
  EXPECT_FALSE(t.Find("cc-by-4.0")->osi_approved());
  EXPECT_TRUE(t.Find("openmdw-1.0")->open());
  EXPECT_FALSE(t.Find("llama3")->open());
  EXPECT_FALSE(t.Find("cc-by-nc-4.0")->open());
  EXPECT_EQ(t.Find("cc-by-nc-4.0")->kind, LicenseKind::kNonCommercial);
  EXPECT_TRUE(t.Find("cc-by-nd-4.0")->no_derivatives());
  EXPECT_FALSE(t.Find("cc-by-4.0")->no_derivatives());
}

TEST(LicenseKeysTest, SpdxOrLicenseRef) {
  const LicenseTable& t = LicenseTable::Builtin();
  EXPECT_EQ(t.Find("mit")->SpdxOrRef(), "MIT");
  EXPECT_EQ(t.Find("llama3.1")->SpdxOrRef(), "LicenseRef-openness-llama3.1");
  EXPECT_EQ(t.Find("openrail++")->SpdxOrRef(), "LicenseRef-openness-openrail--");
}

TEST(LicenseKeysTest, RecognisesSloppySpellings) {
  const LicenseTable& t = LicenseTable::Builtin();
  struct Case {
    const char* text;
    const char* key;
  } cases[] = {
      {"apache-2.0", "apache-2.0"},     {"Apache 2.0", "apache-2.0"},
      {"Apache-2.0", "apache-2.0"},     {"APACHE LICENSE 2.0", "apache-2.0"},
      {"MIT", "mit"},                   {"llama3.1", "llama3.1"},
      {"Llama 3.1", "llama3.1"},        {"Llama3.1 Community License", "llama3.1"},
      {"llama-2", "llama2"},            {"gemma-terms-of-use", "gemma"},
      {"CC-BY-NC-4.0", "cc-by-nc-4.0"}, {"\"cc-by-nc-4.0\"", "cc-by-nc-4.0"},
      {"GPL-3.0-only", "gpl-3.0"},      {"deepseek", "deepseek"},
      {"yi-license", "yi-community"},   {"sai-nc-community", "stability-nc-community"},
      {"other", "other"},               {"ODbL-1.0", "odbl"},
      {"apache2.0", "apache-2.0"},      {"Apache v2", "apache-2.0"},
      {"llama-3.1", "llama3.1"},        {"cc_by_nc_4.0", "cc-by-nc-4.0"},
  };
  for (const Case& c : cases) {
    const LicenseKey* k = t.Recognise(c.text);
    ASSERT_NE(k, nullptr) << c.text;
    EXPECT_EQ(k->key, c.key) << c.text;
  }
  EXPECT_EQ(t.Recognise("coqui-public-model-license"), nullptr);
  EXPECT_EQ(t.Recognise("apache3.0"), nullptr);  // no such version: nothing, not a near key
  EXPECT_EQ(t.Recognise(""), nullptr);
  EXPECT_EQ(t.Recognise("   "), nullptr);
}

TEST(LicenseKeysTest, NormaliseIsPure) {
  EXPECT_EQ(NormaliseLicenseId("  Llama 3.1  Community_License "), "llama-3.1-community-license");
  EXPECT_EQ(NormaliseLicenseId("a--b"), "a-b");
}

TEST(LicenseKeysTest, ParseRejectsMalformedRows) {
  LicenseTable t;
  std::string err;
  EXPECT_FALSE(LicenseTable::Parse("key,name,hf_id,spdx,kind,aliases\nonly,three,cols\n", &t, &err));
  EXPECT_NE(err.find("line 2"), std::string::npos) << err;
  EXPECT_FALSE(LicenseTable::Parse("key,name,hf_id,spdx,kind,aliases\nx,X,,,weird,\n", &t, &err));
  EXPECT_TRUE(LicenseTable::Parse("# c\nkey,name,hf_id,spdx,kind,aliases\nx,X,,,osi,a|b c\n", &t,
                                  &err));
  ASSERT_EQ(t.entries().size(), 1u);
  EXPECT_EQ(t.entries()[0].aliases, (std::vector<std::string>{"a", "b-c"}));
}

}  // namespace
}  // namespace openness
