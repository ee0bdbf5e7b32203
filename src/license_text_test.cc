#include "openness/license_text.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace openness {
namespace {

size_t Lines(std::string_view s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Every pass keeps the line count, whatever the input.
TEST(LicenseTextTest, EveryPassKeepsLineBreaks) {
  const std::string inputs[] = {
      "a\r\nb\rc\n\n",
      "<p>x</p>\n# Heading\n| a | b |\n|---|---|\n",
      "Copyright (c) 2024 X\n1. (a) text\n\xE2\x80\xA8\n",
      std::string("bad \xFF\xFE utf8\n\xC3\n", 11),
  };
  for (const std::string& in : inputs) {
    for (const LicenseTextPass& pass : LicenseTextPasses()) {
      EXPECT_EQ(Lines(pass.run(in)), Lines(in)) << pass.name << " on " << in;
    }
    EXPECT_EQ(Lines(NormaliseLicenseText(in)), Lines(in));
  }
}

TEST(LicenseTextTest, PassesRunInTheDocumentedOrder) {
  std::vector<std::string_view> names;
  for (const LicenseTextPass& p : LicenseTextPasses()) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"unicode", "markup", "case", "urls", "copyright",
                                                  "list-markers", "quotes", "punctuation",
                                                  "equivalent-words", "whitespace"}));
}

TEST(LicenseTextTest, UnicodeQuotesDashesSpacesAndCompatibilityForms) {
  EXPECT_EQ(NormaliseUnicode("\xE2\x80\x9C"
                             "AS IS"
                             "\xE2\x80\x9D"),
            "\"AS IS\"");  // “AS IS”
  EXPECT_EQ(NormaliseUnicode("it's `x'"), "it\"s \"x\"");
  EXPECT_EQ(NormaliseUnicode("a\xE2\x80\x94"
                             "b\xE2\x80\x93"
                             "c"),
            "a-b-c");  // em and en dash
  EXPECT_EQ(NormaliseUnicode("a\xC2\xA0"
                             "b\xE3\x80\x80"
                             "c"),
            "a b c");                                                    // nbsp, ideographic
  EXPECT_EQ(NormaliseUnicode("\xC2\xA9 Meta"), "(c) Meta");              // ©
  EXPECT_EQ(NormaliseUnicode("\xEF\xAC\x81le \xEF\xBC\xA1"), "file A");  // ﬁ, fullwidth A
  EXPECT_EQ(NormaliseUnicode("zero\xE2\x80\x8Bwidth"), "zerowidth");
  EXPECT_EQ(NormaliseUnicode("\xE2\x80\xA2 item"), "* item");  // bullet
  EXPECT_EQ(NormaliseUnicode("a\rb"), "a b");
  EXPECT_EQ(NormaliseUnicode(std::string("x\xFFy", 3)), "x y");
}

TEST(LicenseTextTest, MarkupTagsEntitiesHeadingsAndRules) {
  EXPECT_EQ(StripMarkup("<b>Bold</b> &amp; &quot;q&quot;"), " Bold  & \"q\"");
  EXPECT_EQ(StripMarkup("## 1. Title"), "   1. Title");
  EXPECT_EQ(StripMarkup("> quoted"), "  quoted");
  EXPECT_EQ(StripMarkup("---\n***\n| a | b |"), "\n\n  a   b  ");
  EXPECT_EQ(StripMarkup("**strong** __also__"), " strong   also ");
  EXPECT_EQ(StripMarkup("llama3\\_3"), "llama3_3");
  EXPECT_EQ(StripMarkup("a < b and c > d"), "a < b and c > d");  // not a tag
}

TEST(LicenseTextTest, CaseFoldsAsciiAndUnicode) {
  EXPECT_EQ(LowerCase("LICENSE Ä"), "license \xC3\xA4");
}

TEST(LicenseTextTest, UrlsSchemesAreEquivalent) {
  EXPECT_EQ(NormaliseUrls("see https://www.llama.com/x and http://a.b"),
            "see http://llama.com/x and http://a.b");
}

TEST(LicenseTextTest, CopyrightNoticesAreDroppedButWrappedTextStays) {
  EXPECT_EQ(DropCopyrightLines("copyright (c) 2023 deepseek\ntext"), "\ntext");
  EXPECT_EQ(DropCopyrightLines("copyright 2024 x\n(c) meta\nall rights reserved."), "\n\n");
  EXPECT_EQ(DropCopyrightLines("copyright [yyyy] [name of copyright owner]"), "");
  EXPECT_EQ(DropCopyrightLines("copyright holders and contributors"),
            "copyright holders and contributors");
  EXPECT_EQ(DropCopyrightLines("the copyright notice"), "the copyright notice");
}

TEST(LicenseTextTest, ListMarkersAreRemoved) {
  EXPECT_EQ(DropListMarkers("1. definitions"), "definitions");
  EXPECT_EQ(DropListMarkers("  2.3 grant of rights"), "grant of rights");
  EXPECT_EQ(DropListMarkers("(a) you must"), "you must");
  EXPECT_EQ(DropListMarkers("iv. termination"), "termination");
  EXPECT_EQ(DropListMarkers("b) other"), "other");
  EXPECT_EQ(DropListMarkers("- item\n* item\n\xC2\xA7 4 x"), "item\nitem\nx");
  EXPECT_EQ(DropListMarkers("1. (a) nested"), "nested");
  // Not markers: words and numbers that are text.
  EXPECT_EQ(DropListMarkers("a license"), "a license");
  EXPECT_EQ(DropListMarkers("i.e. this"), "i.e. this");
  EXPECT_EQ(DropListMarkers("700 million users"), "700 million users");
  EXPECT_EQ(DropListMarkers("3.1 community"), "community");
}

TEST(LicenseTextTest, QuotesAreDropped) {
  EXPECT_EQ(DropQuotes("\"as is\" licensor\"s"), "as is licensors");
}

TEST(LicenseTextTest, PunctuationRunsAndSeparators) {
  EXPECT_EQ(NormalisePunctuation("a--b---c"), "a-b-c");
  EXPECT_EQ(NormalisePunctuation("llama3_1/use...policy"), "llama3 1 use.policy");
}

TEST(LicenseTextTest, EquivalentWords) {
  EXPECT_EQ(ReplaceEquivalentWords("licence licences licenced"), "license licenses licensed");
  EXPECT_EQ(ReplaceEquivalentWords("authorised organisation whilst"),
            "authorized organization while");
  EXPECT_EQ(ReplaceEquivalentWords("sub-license and sub license"), "sublicense and sublicense");
  EXPECT_EQ(ReplaceEquivalentWords("ten per cent"), "ten percent");
  EXPECT_EQ(ReplaceEquivalentWords("non-commercial use"), "noncommercial use");
  EXPECT_EQ(ReplaceEquivalentWords("copyright owner"), "copyright holder");
  EXPECT_EQ(ReplaceEquivalentWords("self-licence"), "self-license");
  EXPECT_EQ(ReplaceEquivalentWords("licensed"), "licensed");
}

TEST(LicenseTextTest, WhitespaceCollapsesWithinLines) {
  EXPECT_EQ(CollapseWhitespace("  a \t b  \n\t c "), "a b\nc");
}

TEST(LicenseTextTest, EquivalentTextsNormaliseAlike) {
  const std::string a =
      "**LLAMA 3.1 COMMUNITY LICENCE**\n\n1. “Agreement” means the terms—set forth herein.\n"
      "See https://www.llama.com/llama3_1/use-policy";
  const std::string b =
      "Llama 3.1 Community License\n(a) \"Agreement\" means the terms-set forth\nherein. See "
      "http://llama.com/llama3_1/use-policy\n";
  auto tokens = [](const std::string& s) {
    std::vector<uint64_t> out;
    for (const LicenseToken& t : TokeniseLicenseText(NormaliseLicenseText(s)))
      out.push_back(t.hash);
    return out;
  };
  EXPECT_EQ(tokens(a), tokens(b));
}

TEST(LicenseTextTest, TokensKeepVersionNumbersAndLines) {
  const std::vector<LicenseToken> t = TokeniseLicenseText("llama 3.1, 1,000,000 users.\nnext");
  ASSERT_EQ(t.size(), 5u);
  EXPECT_EQ(t[1].hash, LicenseTokenHash("3.1"));
  EXPECT_EQ(t[2].hash, LicenseTokenHash("1,000,000"));
  EXPECT_TRUE(t[3].ends_sentence);
  EXPECT_FALSE(t[1].ends_sentence);
  EXPECT_EQ(t[4].line, 2);
  EXPECT_EQ(TokeniseLicenseText("a b c", 2).size(), 2u);
}

TEST(LicenseTextTest, CjkCharactersAreSingleTokens) {
  const std::vector<LicenseToken> t = TokeniseLicenseText("\xE8\xAE\xB8\xE5\x8F\xAF.");  // 许可.
  ASSERT_EQ(t.size(), 2u);
  EXPECT_TRUE(t[1].ends_sentence);
}

TEST(LicenseTextTest, SequenceAndSentenceHashes) {
  const auto a = TokeniseLicenseText("one two. three four.");
  const auto b = TokeniseLicenseText("one\ntwo.\nthree four.");
  EXPECT_EQ(LicenseSequenceHash(a), LicenseSequenceHash(b));
  std::vector<size_t> starts;
  const auto s = LicenseSentenceHashes(a, &starts);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(starts, (std::vector<size_t>{0, 2}));
  EXPECT_EQ(LicenseSentenceHashes(b), s);
  EXPECT_NE(s[0], s[1]);
  EXPECT_NE(LicenseBigramHash(1, 2), LicenseBigramHash(2, 1));
}

}  // namespace
}  // namespace openness
