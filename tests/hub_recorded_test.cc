// Corpus suite: the recorded Hub. Every recorded Hub answer in ../shared/corpus/hub-api and every
// corpus card folder is served by the fixture Hub (tests/hub_recorded.h), and audited through it
// as `openness scan org/name` would: on the batch path, with one shared client.
//
// What each audit must say comes from the recordings and the rules, never from a list of answers
// per model:
//   - the declared license is the recorded card's (cardData.license, or README.md's front matter
//     where the card is served), and the effective license is what data/license-keys.csv makes of
//     it, unless a base model's license overrides it (license-conflicts-with-base, with evidence);
//   - the level follows the ladder of docs/openness.md from what the report holds: weights
//     published or not, the kinds of the effective licenses (data/license-keys.csv), OSAID;
//   - a corpus card folder audited locally says the same as its repo audited through the Hub.
#include "hub_recorded.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "hub_fixture.h"
#include "openness/batch.h"
#include "openness/hub.h"
#include "openness/license_keys.h"
#include "openness/report_writer.h"
#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

namespace fs = std::filesystem;
using ::openness::testing::FixtureHub;
using ::openness::testing::RecordedHub;
using ::openness::testing::RecordedRepo;
using Json = nlohmann::json;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Strings(const Json& v) {
  std::vector<std::string> out;
  for (const Json& x : v.is_array() ? v : Json::array({v})) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  }
  return out;
}

HubOptions FixtureOptions(const FixtureHub& hub) {
  HubOptions o;
  o.endpoint = hub.endpoint();
  o.min_backoff_ms = 10;
  o.request_timeout_ms = 5000;
  o.max_retry_wait_ms = 2000;
  o.max_retries = 1;
  return o;
}

// Audits ids through the fixture Hub on the batch path; results in the order of ids.
std::vector<BatchItem> AuditAll(const FixtureHub& hub, const std::vector<std::string>& ids,
                                bool assume_weights_published = false) {
  ScanOptions so;
  so.assume_weights_published = assume_weights_published;
  so.hub = FixtureOptions(hub);
  auto client = HubClient::Create(*so.hub);
  EXPECT_TRUE(client.ok());
  if (client.ok()) so.hub_client = client.value();
  std::vector<BatchTask> tasks;
  for (const std::string& id : ids) {
    tasks.push_back({id, [id, so](ScanResult* r) { return ScanPath("hf://" + id, so, r); }});
  }
  std::vector<BatchItem> items;
  BatchOptions bo;
  bo.jobs = 8;
  const Status s =
      RunBatch(std::move(tasks), bo, [&](BatchItem& item) { items.push_back(std::move(item)); });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return items;
}

std::string Brief(const Report& r) {
  std::string keys;
  for (const EffectiveLicense& e : r.license.effective) keys += (keys.empty() ? "" : "+") + e.key;
  return r.subject.id + " [" + keys + "] " + r.openness.level;
}

std::set<std::string> EffectiveKeys(const Report& r) {
  std::set<std::string> keys;
  for (const EffectiveLicense& e : r.license.effective) keys.insert(e.key);
  return keys;
}

const Finding* FindingOf(const Report& r, const std::string& code) {
  for (const Finding& f : r.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

// The level the ladder of docs/openness.md gives a report, from its weights, the kinds of its
// effective licenses and its OSAID result.
std::string LadderLevel(const Report& r, const LicenseTable& table) {
  if (r.weights.published == false) return "closed";
  if (!r.weights.published.has_value()) return "undetermined";
  bool restricting = false, unknown = r.license.effective.empty();
  for (const EffectiveLicense& e : r.license.effective) {
    const LicenseKey* k = table.Find(e.key);
    if (k == nullptr || k->kind == LicenseKind::kUnknown) {
      unknown = true;
    } else if (k->kind == LicenseKind::kRestricted || k->kind == LicenseKind::kNonCommercial) {
      restricting = true;
    }
  }
  if (restricting) return "open-weights-restricted";
  if (unknown) return "undetermined";
  return r.openness.osaid_status == "pass" ? "open-source" : "open-weights";
}

// The license keys of the lineage entries a license-conflicts-with-base finding brought in.
std::set<std::string> BaseLicenses(const Report& r) {
  std::set<std::string> keys;
  for (const LineageEntry& l : r.lineage) {
    if (l.license) keys.insert(*l.license);
  }
  return keys;
}

// The card the Hub shows for a recorded repo: README.md's front matter when the fixture serves
// that file and the recording lists it, else the recorded cardData.
Json RecordedCard(const RecordedRepo& repo) {
  const Json& info = *repo.recorded_info;
  bool listed = false;
  if (info.contains("siblings") && info["siblings"].is_array()) {
    for (const Json& s : info["siblings"]) {
      listed = listed || (s.contains("rfilename") && s["rfilename"] == "README.md");
    }
  }
  const bool served =
      std::find(repo.files.begin(), repo.files.end(), "README.md") != repo.files.end();
  if (listed && served) {
    const Json card = testing::CardDataOf(testing::ReadFileOrDie(*repo.card_dir / "README.md"));
    if (card.is_object()) return card;
  }
  return info.contains("cardData") ? info["cardData"] : Json(nullptr);
}

TEST(HubRecordedTest, ServesEveryRecording) {
  SKIP_WITHOUT_SHARED(shared);
  FixtureHub hub;
  const RecordedHub rec = testing::LoadRecordedHub(shared, &hub);
  for (const std::string& e : rec.errors) ADD_FAILURE() << e;
  // Every model_info recording, every cassette redirect, both list answers, every card folder.
  size_t model_infos = 0, card_dirs = 0, recorded = 0;
  for (const auto& e : fs::directory_iterator(shared / "corpus/hub-api/hf_api")) {
    model_infos += e.path().filename().string().starts_with("model_info.");
  }
  for (const auto& family : fs::directory_iterator(shared / "corpus/cards")) {
    if (!family.is_directory()) continue;
    for (const auto& d : fs::directory_iterator(family.path())) card_dirs += d.is_directory();
  }
  std::set<std::string> dirs;
  for (const RecordedRepo& r : rec.repos) {
    recorded += r.recorded_info.has_value();
    if (r.card_dir) dirs.insert(r.card_dir->string());
  }
  EXPECT_GE(recorded, model_infos);
  EXPECT_EQ(dirs.size(), card_dirs) << "a corpus card folder is not served";
  EXPECT_FALSE(rec.renames.empty()) << "the cassettes' 307 for a renamed repo";
  EXPECT_EQ(rec.responses.size(), 2u);

  auto client = HubClient::Create(FixtureOptions(hub));
  ASSERT_OK(client.status());
  HubClient& c = *client.value();
  // The recorded answers come back byte for byte; each served file too.
  for (const RecordedRepo& r : rec.repos) {
    HttpResponse res;
    ASSERT_OK(c.Get(c.ApiUrl("models/" + r.id), 64 << 20, r.id, &res));
    const Json got = Json::parse(res.body, nullptr, false);
    ASSERT_TRUE(got.is_object()) << r.id;
    EXPECT_EQ(got["id"], r.id) << r.origin;
    if (r.recorded_info) {
      EXPECT_EQ(got, *r.recorded_info) << r.origin;
    }
    const std::string sha = got["sha"].get<std::string>();
    for (const std::string& f : r.files) {
      HttpResponse file;
      ASSERT_OK(c.Get(c.ResolveUrl(r.id, sha, f), 64 << 20, f, &file));
      EXPECT_EQ(file.body, testing::ReadFileOrDie(*r.card_dir / f)) << r.id << " " << f;
    }
  }
  // A renamed repo answers with a redirect to the new name, as recorded.
  for (const auto& [from, to] : rec.renames) {
    HttpResponse res;
    ASSERT_OK(c.Get(c.ApiUrl("models/" + from), 64 << 20, from, &res));
    EXPECT_EQ(res.redirects, 1) << from;
    EXPECT_EQ(Json::parse(res.body)["id"], to);
  }
  // The list answers, plain and expanded.
  HttpResponse list, expanded;
  ASSERT_OK(c.Get(c.ApiUrl("models?limit=1"), 1 << 20, "list", &list));
  ASSERT_OK(c.Get(c.ApiUrl("models?limit=1&expand[]=siblings"), 1 << 20, "list", &expanded));
  EXPECT_EQ(list.body,
            testing::ReadFileOrDie(shared / "corpus/hub-api/hf_api/list_models.excerpt.json"));
  EXPECT_EQ(expanded.body, testing::ReadFileOrDie(
                               shared / "corpus/hub-api/hf_api/list_models_expand.excerpt.json"));
}

TEST(HubRecordedTest, EveryRecordedRepoAuditsAsItsRecordedCardSays) {
  SKIP_WITHOUT_SHARED(shared);
  FixtureHub hub;
  const RecordedHub rec = testing::LoadRecordedHub(shared, &hub);
  std::vector<const RecordedRepo*> repos;
  std::vector<std::string> ids;
  for (const RecordedRepo& r : rec.repos) {
    if (!r.recorded_info) continue;
    repos.push_back(&r);
    ids.push_back(r.id);
  }
  ASSERT_FALSE(repos.empty());
  const LicenseTable& table = LicenseTable::Builtin();
  const std::vector<BatchItem> items = AuditAll(hub, ids);
  ASSERT_EQ(items.size(), repos.size());
  size_t checked_license = 0, local_compared = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const RecordedRepo& repo = *repos[i];
    const BatchItem& item = items[i];
    SCOPED_TRACE(repo.id + " (" + repo.origin + ")");
    ASSERT_OK(item.status);
    const Report& r = item.result.report;
    const Json& info = *repo.recorded_info;
    EXPECT_EQ(r.subject.source, "hub");
    EXPECT_EQ(r.subject.id, repo.id);
    EXPECT_EQ(r.subject.revision, info["sha"].get<std::string>());

    // Weights: only files the recording lists, and published when there are any.
    std::set<std::string> siblings;
    for (const Json& s : info.value("siblings", Json::array())) {
      siblings.insert(s.value("rfilename", ""));
    }
    for (const WeightsFile& w : r.weights.files) {
      EXPECT_EQ(siblings.count(w.path), 1u) << w.path << " is not a recorded file";
    }
    if (!r.weights.files.empty()) {
      EXPECT_EQ(r.weights.published, true);
    }

    // The declared license is the recorded card's.
    const Json card = RecordedCard(repo);
    const std::vector<std::string> licenses = card.is_object() && card.contains("license")
                                                  ? Strings(card["license"])
                                                  : std::vector<std::string>{};
    std::set<std::string> declared;
    for (const DeclaredLicense& d : r.license.declared) declared.insert(Lower(d.value));
    for (const std::string& l : licenses) {
      EXPECT_EQ(declared.count(Lower(l)), 1u) << "recorded license " << l << " not declared";
    }
    // The effective license is what the license table makes of it, unless a base overrides.
    std::set<std::string> expected;
    for (const std::string& l : licenses) {
      const LicenseKey* k = table.Recognise(l);
      if (k == nullptr || k->key == "other" || k->key == "unknown") continue;
      expected.insert(k->key);
    }
    const std::set<std::string> effective = EffectiveKeys(r);
    for (const std::string& key : expected) {
      ++checked_license;
      if (effective.count(key) != 0) continue;
      const Finding* conflict = FindingOf(r, "license-conflicts-with-base");
      ASSERT_NE(conflict, nullptr) << key << " is missing from " << Brief(r);
      EXPECT_FALSE(conflict->evidence.empty());
      bool from_base = false;
      for (const std::string& b : BaseLicenses(r)) from_base = from_base || effective.count(b);
      EXPECT_TRUE(from_base) << Brief(r);
    }
    // The level follows the ladder.
    EXPECT_EQ(r.openness.level, LadderLevel(r, table)) << Brief(r);
    if (!r.weights.files.empty() && !expected.empty()) {
      EXPECT_NE(r.openness.level, "undetermined") << Brief(r);
      EXPECT_NE(r.openness.level, "closed") << Brief(r);
    }

    // The card folder of the same repo, audited locally as the release it documents, agrees.
    if (repo.card_dir && r.weights.published == true) {
      ScanOptions local;
      local.assume_weights_published = true;
      ScanResult lr;
      ASSERT_OK(ScanPath(repo.card_dir->string(), local, &lr));
      const bool hub_only_conflict = FindingOf(r, "license-conflicts-with-base") != nullptr &&
                                     FindingOf(lr.report, "license-conflicts-with-base") == nullptr;
      if (!hub_only_conflict) {
        ++local_compared;
        EXPECT_EQ(EffectiveKeys(lr.report), effective)
            << "local " << Brief(lr.report) << " vs Hub " << Brief(r);
      }
    }
  }
  EXPECT_GT(checked_license, repos.size() / 2) << "most recordings declare a known license";
  EXPECT_GT(local_compared, 0u);
}

TEST(HubRecordedTest, CorpusCardsAuditTheSameThroughTheHubAsLocally) {
  SKIP_WITHOUT_SHARED(shared);
  FixtureHub hub;
  const RecordedHub rec = testing::LoadRecordedHub(shared, &hub);
  std::vector<const RecordedRepo*> repos;
  std::vector<std::string> ids;
  for (const RecordedRepo& r : rec.repos) {
    if (r.recorded_info || !r.card_dir) continue;  // the test above covers recorded answers
    repos.push_back(&r);
    ids.push_back(r.id);
  }
  ASSERT_GT(repos.size(), 100u);
  const LicenseTable& table = LicenseTable::Builtin();
  // The folders hold the cards, not the weights: both sides audit them as the releases they
  // document, which publish weights (ScanOptions::assume_weights_published).
  const std::vector<BatchItem> items = AuditAll(hub, ids, true);
  ASSERT_EQ(items.size(), repos.size());
  ScanOptions local;
  local.assume_weights_published = true;
  size_t same = 0;
  std::set<std::string> levels;
  for (size_t i = 0; i < items.size(); ++i) {
    const RecordedRepo& repo = *repos[i];
    SCOPED_TRACE(repo.id + " (" + repo.origin + ")");
    ASSERT_OK(items[i].status);
    const Report& r = items[i].result.report;
    levels.insert(r.openness.level);
    ScanResult lr;
    ASSERT_OK(ScanPath(repo.card_dir->string(), local, &lr));
    EXPECT_EQ(r.openness.level, LadderLevel(r, table)) << Brief(r);
    // A base only the Hub resolved may bind the release; otherwise the audits agree.
    if (FindingOf(r, "license-conflicts-with-base") != nullptr &&
        FindingOf(lr.report, "license-conflicts-with-base") == nullptr) {
      bool from_base = false;
      for (const std::string& b : BaseLicenses(r))
        from_base = from_base || EffectiveKeys(r).count(b);
      EXPECT_TRUE(from_base) << Brief(r);
      continue;
    }
    EXPECT_EQ(EffectiveKeys(r), EffectiveKeys(lr.report))
        << "Hub " << Brief(r) << " vs local " << Brief(lr.report);
    EXPECT_EQ(r.openness.level, lr.report.openness.level)
        << "Hub " << Brief(r) << " vs local " << Brief(lr.report);
    same += EffectiveKeys(r) == EffectiveKeys(lr.report);
  }
  EXPECT_GT(same, repos.size() / 2);
  EXPECT_GE(levels.size(), 3u) << "the cards span the ladder; one level for all says nothing";
}

}  // namespace
}  // namespace openness
