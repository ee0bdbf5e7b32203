// End-to-end Hub scans against the fixture Hub on 127.0.0.1: request counts, failure
// behaviours (gated, missing, private, renamed, 429, timeouts, truncated answers), dataset cards,
// base models, license history, the cache and --offline, and the token's secrecy.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "hub_fixture.h"
#include "openness/hub.h"
#include "openness/known_entities.h"
#include "openness/license_keys.h"
#include "openness/report_writer.h"
#include "openness/scan.h"
#include "test_util.h"

namespace openness {
namespace {

using ::openness::testing::FakeSha;
using ::openness::testing::FixtureFault;
using ::openness::testing::FixtureHub;
using ::openness::testing::FixtureRepo;
using ::openness::testing::MakeGguf;
using ::openness::testing::MakeSafetensors;
using ::openness::testing::SimpleModelRepo;
using Json = nlohmann::json;

HubOptions TestOptions(const FixtureHub& hub, const std::string& cache = "") {
  HubOptions o;
  o.endpoint = hub.endpoint();
  o.cache_dir = cache;
  o.min_backoff_ms = 10;
  o.request_timeout_ms = 3000;
  o.max_retry_wait_ms = 3000;
  return o;
}

Status Scan(const std::string& target, const HubOptions& o, ScanResult* out,
            std::shared_ptr<HubClient>* client_out = nullptr) {
  ScanOptions so;
  so.hub = o;
  auto client = HubClient::Create(o);
  if (!client.ok()) return client.status();
  so.hub_client = client.value();
  if (client_out) *client_out = client.value();
  return ScanPath(target, so, out);
}

bool HasFinding(const Report& r, const std::string& code) {
  for (const Finding& f : r.findings) {
    if (f.code == code) return true;
  }
  return false;
}

const Finding* GetFinding(const Report& r, const std::string& code) {
  for (const Finding& f : r.findings) {
    if (f.code == code) return &f;
  }
  return nullptr;
}

std::string ToJson(const Report& r) { return ReportToJson(r).dump(); }

TEST(HubScanTest, AuditsARepoWithOneApiCallAndHeaderRangesOnly) {
  FixtureHub hub;
  // 8 MiB of tensor data: reading it would show in the byte counts.
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "apache-2.0"}}, 8 << 20));
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("acme/tiny", TestOptions(hub), &result, &client));
  const Report& r = result.report;
  EXPECT_EQ(r.subject.source, "hub");
  EXPECT_EQ(r.subject.id, "acme/tiny");
  EXPECT_EQ(r.subject.revision, FakeSha("acme/tiny"));
  EXPECT_FALSE(r.subject.path.has_value());
  ASSERT_EQ(r.weights.files.size(), 1u);
  EXPECT_EQ(r.weights.files[0].parameters, (8u << 20) / 4);
  EXPECT_TRUE(r.weights.files[0].sha256.has_value());
  ASSERT_FALSE(r.license.effective.empty());
  EXPECT_EQ(r.license.effective[0].key, "apache-2.0");
  for (const Problem& p : result.problems) ADD_FAILURE() << p.file << ": " << p.status.ToString();
  const HubStats stats = client->stats();
  EXPECT_EQ(stats.api_calls, 1u);
  // README.md and LICENSE whole (config.json is not read by the evidence stage today).
  EXPECT_LE(stats.file_requests, 3u);
  EXPECT_LE(stats.range_requests, 2u);  // at most 2 per weights file; there is one
  EXPECT_EQ(stats.retries, 0u);
  // The header is a few hundred bytes; the read-ahead bounds what arrives beyond it.
  EXPECT_LT(result.weights_bytes_read, 4096u);
  const FixtureHub::Counts c = hub.counts();
  EXPECT_EQ(c.api, 1);
  EXPECT_LE(c.ranged, 2 * 2);  // a ranged resolve and its CDN redirect target
  EXPECT_LT(stats.bytes_received, 2u << 20) << "tensor data was downloaded";
}

TEST(HubScanTest, ReadsGgufMetadataInOneRangeStream) {
  FixtureHub hub;
  FixtureRepo repo;
  repo.id = "acme/tiny-gguf";
  repo.card_data = {{"license", "mit"}};
  repo.files["README.md"] = {testing::CardText(repo.card_data), false};
  // ~30,000 tokens: several hundred KiB of metadata, many times the parser's 64 KiB buffer.
  repo.files["tiny.Q8_0.gguf"] = {MakeGguf(30000, 8 << 20, "mit"), true};
  hub.Add(repo);
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("acme/tiny-gguf", TestOptions(hub), &result, &client));
  ASSERT_EQ(result.report.weights.files.size(), 1u);
  EXPECT_EQ(result.report.weights.files[0].parameters, (8u << 20) / 4);
  EXPECT_FALSE(result.report.weights.files[0].error.has_value())
      << *result.report.weights.files[0].error;
  for (const Problem& p : result.problems) ADD_FAILURE() << p.file << ": " << p.status.ToString();
  const HubStats stats = client->stats();
  EXPECT_EQ(stats.api_calls, 1u);
  EXPECT_LE(stats.range_requests, 2u);
  EXPECT_LT(stats.bytes_received, 3u << 20) << "tensor data was downloaded";
}

TEST(HubScanTest, ShardedCheckpointReadsEachShardHeaderOnly) {
  FixtureHub hub;
  FixtureRepo repo;
  repo.id = "acme/sharded";
  repo.card_data = {{"license", "apache-2.0"}};
  repo.files["README.md"] = {testing::CardText(repo.card_data), false};
  repo.files["model-00001-of-00002.safetensors"] = {MakeSafetensors(4 << 20), true};
  repo.files["model-00002-of-00002.safetensors"] = {MakeSafetensors(4 << 20), true};
  repo.files["model.safetensors.index.json"] = {
      R"({"metadata": {"total_size": 8388608}, "weight_map": {"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}})",
      false};
  hub.Add(repo);
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("acme/sharded", TestOptions(hub), &result, &client));
  EXPECT_EQ(result.report.weights.parameters, 2u * ((4u << 20) / 4));
  const HubStats stats = client->stats();
  EXPECT_EQ(stats.api_calls, 1u);
  EXPECT_LE(stats.range_requests, 2u * 2u);
  EXPECT_LE(stats.file_requests, 2u);  // README.md, the shard index
  EXPECT_LT(stats.bytes_received, 2u << 20);
}

TEST(HubScanTest, RevisionForms) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  const std::string sha = FakeSha("acme/tiny");
  const std::vector<std::string> targets = {"acme/tiny@" + sha, "hf://acme/tiny@main",
                                            "hf://acme/tiny",
                                            "https://huggingface.co/acme/tiny/tree/main"};
  for (const std::string& target : targets) {
    hub.ResetCounts();
    ScanResult result;
    SCOPED_TRACE(target);
    ASSERT_OK(Scan(target, TestOptions(hub), &result));
    EXPECT_EQ(result.report.subject.id, "acme/tiny") << target;
    EXPECT_EQ(result.report.subject.revision, sha) << target;
    ASSERT_FALSE(hub.log().empty());
    const bool asked_revision = hub.log()[0].find("/revision/") != std::string::npos;
    EXPECT_EQ(asked_revision,
              target.find('@') != std::string::npos || target.find("/tree/") != std::string::npos)
        << target << ": " << hub.log()[0];
  }
  ScanResult missing;
  Status s = Scan("acme/tiny@nope", TestOptions(hub), &missing);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("no such revision"), std::string::npos) << s.ToString();
}

FixtureRepo GatedRepo() {
  FixtureRepo repo = SimpleModelRepo(
      "meta-fixture/Gated-8B",
      {{"license", "llama3.1"}, {"extra_gated_prompt", "Accept the fixture terms."}});
  repo.gated = "manual";
  repo.files["USE_POLICY.md"] = {"Fixture use policy.\n", false};
  return repo;
}

TEST(HubScanTest, GatedRepoWithoutTokenIsAuditedFromTheApi) {
  FixtureHub hub;
  hub.Add(GatedRepo());
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("meta-fixture/Gated-8B", TestOptions(hub), &result, &client));
  const Report& r = result.report;
  const Finding* gated = GetFinding(r, "gated");
  ASSERT_NE(gated, nullptr);
  // The license comes from cardData, cited by key and API URL rather than a README line.
  ASSERT_FALSE(r.license.declared.empty());
  EXPECT_EQ(r.license.declared[0].value, "llama3.1");
  EXPECT_EQ(r.license.declared[0].evidence.key, "cardData.license");
  ASSERT_TRUE(r.license.declared[0].evidence.url.has_value());
  EXPECT_NE(r.license.declared[0].evidence.url->find("/api/models/meta-fixture/Gated-8B"),
            std::string::npos);
  EXPECT_FALSE(r.license.declared[0].evidence.file.has_value());
  ASSERT_FALSE(r.license.effective.empty());
  EXPECT_EQ(r.license.effective[0].key, "llama3.1");
  // Without a token no file is requested, and one problem says why.
  EXPECT_EQ(hub.counts().resolve, 0);
  EXPECT_EQ(client->stats().api_calls, 1u);
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_NE(result.problems[0].status.message().find("gated"), std::string::npos);
  EXPECT_EQ(r.weights.files.size(), 1u);
  EXPECT_EQ(r.weights.published, true);
}

TEST(HubScanTest, GatedRepoWithATokenWithoutAccessStopsAfterTheFirstRefusal) {
  FixtureHub hub;
  hub.Add(GatedRepo());
  HubOptions o = TestOptions(hub);
  o.token = FixtureHub::kNoAccessToken;
  ScanResult result;
  ASSERT_OK(Scan("meta-fixture/Gated-8B", o, &result));
  EXPECT_TRUE(HasFinding(result.report, "gated"));
  EXPECT_EQ(hub.counts().resolve, 1) << "files after the first 403 GatedRepo are not requested";
  ASSERT_FALSE(result.problems.empty());
  bool says_gated = false;
  for (const Problem& p : result.problems) {
    says_gated = says_gated || p.status.message().find("gated repository") != std::string::npos;
    EXPECT_EQ(p.status.message().find(FixtureHub::kNoAccessToken), std::string::npos);
  }
  EXPECT_TRUE(says_gated);
}

TEST(HubScanTest, GatedRepoWithAccessReadsTheFiles) {
  FixtureHub hub;
  hub.Add(GatedRepo());
  HubOptions o = TestOptions(hub);
  o.token = FixtureHub::kGoodToken;
  ScanResult result;
  ASSERT_OK(Scan("meta-fixture/Gated-8B", o, &result));
  EXPECT_TRUE(result.problems.empty());
  EXPECT_TRUE(HasFinding(result.report, "gated"));
  EXPECT_EQ(result.report.weights.files[0].parameters, (1u << 20) / 4);
  // The card is the README now: evidence has a file and a line.
  ASSERT_FALSE(result.report.license.declared.empty());
  EXPECT_EQ(result.report.license.declared[0].evidence.file, "README.md");
  // The token went to the Hub's host, never to the CDN host.
  bool api_auth = false;
  for (const std::string& a : hub.auth_seen()) {
    EXPECT_FALSE(a.starts_with("/cdn/")) << a;
    api_auth = api_auth || a.starts_with("/api/");
  }
  EXPECT_TRUE(api_auth);
}

TEST(HubScanTest, MissingPrivateAndBadToken) {
  FixtureHub hub;
  FixtureRepo priv = SimpleModelRepo("acme/private", {{"license", "mit"}});
  priv.is_private = true;
  hub.Add(priv);
  ScanResult result;
  Status s = Scan("acme/missing", TestOptions(hub), &result);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("repository not found"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("HF_TOKEN"), std::string::npos) << s.ToString();

  s = Scan("acme/private", TestOptions(hub), &result);
  EXPECT_EQ(s.code(), Status::Code::kNotFound) << s.ToString();

  HubOptions good = TestOptions(hub);
  good.token = FixtureHub::kGoodToken;
  EXPECT_OK(Scan("acme/private", good, &result));

  HubOptions bad = TestOptions(hub);
  bad.token = "hf_thisTokenIsWrong123456";
  s = Scan("acme/private", bad, &result);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("refused the token"), std::string::npos) << s.ToString();
  EXPECT_EQ(s.ToString().find(bad.token), std::string::npos);
}

TEST(HubScanTest, RenamedRepoFollowsTheRedirect) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("new-org/tiny", {{"license", "mit"}}));
  hub.AddRename("old-org/tiny", "new-org/tiny");
  ScanResult result;
  ASSERT_OK(Scan("old-org/tiny", TestOptions(hub), &result));
  EXPECT_EQ(result.report.subject.id, "new-org/tiny");
  EXPECT_TRUE(HasFinding(result.report, "repo-renamed"));
  EXPECT_TRUE(result.problems.empty());
}

TEST(HubScanTest, RateLimitIsRetriedAfterRetryAfter) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  FixtureFault f;
  f.status = 429;
  f.retry_after = "1";
  hub.AddFault("/api/models/acme/tiny", f);
  ScanResult result;
  std::shared_ptr<HubClient> client;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_OK(Scan("acme/tiny", TestOptions(hub), &result, &client));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  EXPECT_GE(ms, 900) << "Retry-After: 1 was not honoured";
  EXPECT_EQ(hub.counts().api, 2);
  EXPECT_EQ(client->stats().retries, 1u);
}

TEST(HubScanTest, RateLimitHeaderGivesTheWait) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  FixtureFault f;
  f.status = 429;
  f.ratelimit = "\"api\";r=0;t=1";
  hub.AddFault("/api/models/acme/tiny", f);
  ScanResult result;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_OK(Scan("acme/tiny", TestOptions(hub), &result));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(900));
}

TEST(HubScanTest, PersistentRateLimitFailsAfterBoundedRetries) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  FixtureFault f;
  f.status = 429;
  f.retry_after = "0";
  f.times = -1;
  hub.AddFault("/api/models/acme/tiny", f);
  ScanResult result;
  HubOptions o = TestOptions(hub);
  o.max_retries = 2;
  Status s = Scan("acme/tiny", o, &result);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("rate limited"), std::string::npos) << s.ToString();
  EXPECT_EQ(hub.counts().api, 3);

  // A wait longer than the limit fails at once, saying how long the Hub asked for.
  hub.ClearFaults();
  hub.ResetCounts();
  f.retry_after = "3600";
  hub.AddFault("/api/models/acme/tiny", f);
  s = Scan("acme/tiny", o, &result);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("3600 s"), std::string::npos) << s.ToString();
  EXPECT_EQ(hub.counts().api, 1);
}

TEST(HubScanTest, ServerErrorsAreRetried) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  FixtureFault f;
  f.status = 503;
  f.times = 2;
  hub.AddFault("/api/models/acme/tiny", f);
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("acme/tiny", TestOptions(hub), &result, &client));
  EXPECT_EQ(client->stats().retries, 2u);
}

TEST(HubScanTest, SlowAnswersTimeOut) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  FixtureFault f;
  f.delay_ms = 3000;
  f.times = -1;
  hub.AddFault("/api/models/acme/tiny", f);
  HubOptions o = TestOptions(hub);
  o.request_timeout_ms = 300;
  ScanResult result;
  const auto start = std::chrono::steady_clock::now();
  Status s = Scan("acme/tiny", o, &result);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("timed out"), std::string::npos) << s.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
}

TEST(HubScanTest, SlowFileTimesOutAsAProblemNotAFailure) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  FixtureFault f;
  f.delay_ms = 3000;
  f.times = -1;
  hub.AddFault("/acme/tiny/resolve/", f);
  HubOptions o = TestOptions(hub);
  o.request_timeout_ms = 300;
  ScanResult result;
  const auto start = std::chrono::steady_clock::now();
  ASSERT_OK(Scan("acme/tiny", o, &result));
  EXPECT_FALSE(result.problems.empty());
  // One timeout, then the other files are not tried: the scan stays bounded.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
  EXPECT_EQ(hub.counts().resolve, 1);
}

TEST(HubScanTest, TruncatedAnswers) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  FixtureFault f;
  f.truncate = true;
  f.times = 1;
  hub.AddFault("/api/models/acme/tiny", f);
  ScanResult result;
  ASSERT_OK(Scan("acme/tiny", TestOptions(hub), &result));  // one cut answer is retried

  f.times = -1;
  hub.AddFault("/api/models/acme/tiny", f);
  HubOptions o = TestOptions(hub);
  o.max_retries = 1;
  Status s = Scan("acme/tiny", o, &result);
  EXPECT_EQ(s.code(), Status::Code::kCorruption) << s.ToString();
  EXPECT_NE(s.message().find("ended early"), std::string::npos) << s.ToString();
}

TEST(HubScanTest, TruncatedWeightsAreAProblemOfThatFile) {
  FixtureHub hub;
  FixtureRepo repo = SimpleModelRepo("acme/tiny", {{"license", "mit"}});
  hub.Add(repo);
  FixtureFault f;
  f.truncate = true;
  f.times = -1;
  hub.AddFault("/cdn/", f);
  HubOptions o = TestOptions(hub);
  o.max_retries = 0;
  ScanResult result;
  ASSERT_OK(Scan("acme/tiny", o, &result));
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_EQ(result.problems[0].file, "model.safetensors");
  ASSERT_FALSE(result.report.license.effective.empty());  // the rest was audited
}

TEST(HubScanTest, DatasetCardLicensesBecomeEvidence) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny",
                          {{"license", "mit"}, {"datasets", {"acme/corpus", "acme/gone"}}}));
  FixtureRepo ds;
  ds.id = "acme/corpus";
  ds.kind = "dataset";
  ds.card_data = {{"license", "cc-by-4.0"}};
  hub.Add(ds);
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("acme/tiny", TestOptions(hub), &result, &client));
  EXPECT_EQ(client->stats().api_calls, 3u);  // the model, two dataset cards
  const Component& c = result.report.components.at("datasets");
  bool found = false;
  for (const Evidence& e : c.evidence) {
    if (e.url && e.url->ends_with("/datasets/acme/corpus")) {
      found = true;
      EXPECT_EQ(e.key, "cardData.license");
      ASSERT_TRUE(e.excerpt.has_value());
      EXPECT_NE(e.excerpt->find("cc-by-4.0"), std::string::npos);
    }
  }
  EXPECT_TRUE(found) << ToJson(result.report);
}

TEST(HubScanTest, BaseModelChainIsResolvedWithoutLooping) {
  FixtureHub hub;
  hub.Add(
      SimpleModelRepo("acme/tiny-ft", {{"license", "apache-2.0"}, {"base_model", "acme/base"}}));
  FixtureRepo base =
      SimpleModelRepo("acme/base", {{"license", "llama3.1"}, {"base_model", "acme/root"}});
  base.tags = {"base_model:finetune:acme/root"};
  hub.Add(base);
  // A cycle back to acme/base must not loop.
  hub.Add(SimpleModelRepo("acme/root", {{"license", "llama3.1"}, {"base_model", "acme/base"}}));
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("acme/tiny-ft", TestOptions(hub), &result, &client));
  EXPECT_EQ(client->stats().api_calls, 3u);  // the model, acme/base, acme/root
  const Report& r = result.report;
  const LineageEntry* base_entry = nullptr;
  const LineageEntry* root_entry = nullptr;
  for (const LineageEntry& l : r.lineage) {
    if (l.id == "acme/base") base_entry = &l;
    if (l.id == "acme/root") root_entry = &l;
  }
  ASSERT_NE(base_entry, nullptr) << ToJson(r);
  EXPECT_EQ(base_entry->license, "llama3.1");
  ASSERT_NE(root_entry, nullptr) << ToJson(r);
  EXPECT_EQ(root_entry->license, "llama3.1");
  EXPECT_EQ(root_entry->relation, "finetune");
  EXPECT_EQ(root_entry->child, "acme/base");
}

const LineageEntry* LineageOf(const Report& r, const std::string& id) {
  for (const LineageEntry& l : r.lineage) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

bool HasEffective(const Report& r, const std::string& key) {
  for (const EffectiveLicense& e : r.license.effective) {
    if (e.key == key) return true;
  }
  return false;
}

// An Apache-2.0 fine-tune of a base that only the Hub knows (no entry of
// data/known-base-models.yaml matches it), published under a Llama license: the online lineage
// reads the base's license from its card on the Hub, and the fine-tune cannot replace it.
TEST(HubScanTest, HubOnlyBaseLicenseConflictsWithTheFineTunesLicense) {
  const std::string base_id = "fixture-lab/Hubonly-Base-7B";
  const KnownEntities& known = KnownEntities::Builtin();
  ASSERT_EQ(known.FindBaseModel(base_id), nullptr) << "the base must be unknown offline";
  for (const auto& m : known.FindBaseModelPhrases(base_id)) {
    ADD_FAILURE() << "a known family's phrase names the base: " << base_id.substr(m.offset);
  }
  const LicenseKey* llama = LicenseTable::Builtin().Find("llama3.1");
  ASSERT_NE(llama, nullptr);
  ASSERT_FALSE(llama->open());  // a restricted license: it binds derivatives

  FixtureHub hub;
  hub.Add(SimpleModelRepo(base_id, {{"license", "llama3.1"}}));
  const Json ft_card = {{"license", "apache-2.0"}, {"base_model", base_id}};
  hub.Add(SimpleModelRepo("acme/apache-ft", ft_card));
  ScanResult result;
  std::shared_ptr<HubClient> client;
  ASSERT_OK(Scan("acme/apache-ft", TestOptions(hub), &result, &client));
  const Report& r = result.report;
  EXPECT_EQ(client->stats().api_calls, 2u);  // the fine-tune, its base

  const LineageEntry* base = LineageOf(r, base_id);
  ASSERT_NE(base, nullptr) << ToJson(r);
  ASSERT_TRUE(base->license.has_value()) << ToJson(r);
  EXPECT_EQ(*base->license, "llama3.1");
  ASSERT_TRUE(base->license_evidence.has_value());
  ASSERT_TRUE(base->license_evidence->url.has_value());
  EXPECT_TRUE(base->license_evidence->url->ends_with("/" + base_id))
      << *base->license_evidence->url;
  EXPECT_EQ(base->license_evidence->key, "cardData.license");

  const Finding* conflict = GetFinding(r, "license-conflicts-with-base");
  ASSERT_NE(conflict, nullptr) << ToJson(r);
  EXPECT_NE(conflict->message.find(base_id), std::string::npos) << conflict->message;
  bool cites_declared = false, cites_base_card = false;
  for (const Evidence& e : conflict->evidence) {
    cites_declared = cites_declared || (e.file == "README.md" && e.line.has_value());
    cites_base_card = cites_base_card || (e.url && e.url->ends_with("/" + base_id));
  }
  EXPECT_TRUE(cites_declared) << ToJson(r);
  EXPECT_TRUE(cites_base_card) << ToJson(r);
  // The base license governs the weights, and the level follows it.
  EXPECT_TRUE(HasEffective(r, "llama3.1")) << ToJson(r);
  EXPECT_FALSE(HasEffective(r, "apache-2.0")) << ToJson(r);
  EXPECT_EQ(r.openness.level, "open-weights-restricted");

  // The same files audited offline: nothing tells the base's license, so no conflict. It is the
  // Hub lookup that finds it.
  testing::TempDir local;
  local.Write("README.md", testing::CardText(ft_card));
  ScanResult offline;
  ASSERT_OK(ScanPath(local.path().string(), ScanOptions{}, &offline));
  EXPECT_EQ(GetFinding(offline.report, "license-conflicts-with-base"), nullptr);
  EXPECT_TRUE(HasEffective(offline.report, "apache-2.0"));
}

// The same two links further up: an Apache-2.0 fine-tune of an Apache-2.0 fine-tune of the
// Hub-only Llama-licensed base. The chain's far end still binds the release.
TEST(HubScanTest, HubOnlyBaseTwoLinksUpStillBinds) {
  const std::string base_id = "fixture-lab/Hubonly-Base-7B";
  FixtureHub hub;
  hub.Add(SimpleModelRepo(base_id, {{"license", "llama3.1"}}));
  FixtureRepo mid =
      SimpleModelRepo("acme/apache-mid", {{"license", "apache-2.0"}, {"base_model", base_id}});
  mid.tags = {"base_model:finetune:" + base_id};
  hub.Add(mid);
  hub.Add(SimpleModelRepo("acme/apache-ft2",
                          {{"license", "apache-2.0"}, {"base_model", "acme/apache-mid"}}));
  ScanResult result;
  ASSERT_OK(Scan("acme/apache-ft2", TestOptions(hub), &result));
  const Report& r = result.report;
  const LineageEntry* far = LineageOf(r, base_id);
  ASSERT_NE(far, nullptr) << ToJson(r);
  EXPECT_EQ(far->license, "llama3.1");
  EXPECT_EQ(far->child, "acme/apache-mid");
  EXPECT_EQ(far->relation, "finetune");
  const LineageEntry* near = LineageOf(r, "acme/apache-mid");
  ASSERT_NE(near, nullptr);
  EXPECT_EQ(near->license, "apache-2.0");
  const Finding* conflict = GetFinding(r, "license-conflicts-with-base");
  ASSERT_NE(conflict, nullptr) << ToJson(r);
  EXPECT_NE(conflict->message.find(base_id), std::string::npos) << conflict->message;
  EXPECT_TRUE(HasEffective(r, "llama3.1"));
  EXPECT_FALSE(HasEffective(r, "apache-2.0"));
}

TEST(HubScanTest, HistoryReportsWhenTheLicenseChanged) {
  FixtureHub hub;
  FixtureRepo repo = SimpleModelRepo(
      "acme/falconish", {{"license", "other"}, {"license_name", "acme-model-license"}});
  repo.sha = FakeSha("c4");
  repo.history = {
      {FakeSha("c4"), "2024-03-01T00:00:00.000Z", "Update README", repo.card_data},
      {FakeSha("c3"), "2023-09-01T00:00:00.000Z", "Switch license", repo.card_data},
      {FakeSha("c2"), "2023-06-01T00:00:00.000Z", "Fix typo", {{"license", "apache-2.0"}}},
      {FakeSha("c1"), "2023-05-01T00:00:00.000Z", "Initial", {{"license", "apache-2.0"}}},
  };
  hub.Add(repo);
  HubOptions o = TestOptions(hub);
  o.history = true;
  ScanResult result;
  ASSERT_OK(Scan("acme/falconish", o, &result));
  const Finding* f = GetFinding(result.report, "license-changed");
  ASSERT_NE(f, nullptr) << ToJson(result.report);
  EXPECT_NE(f->message.find("apache-2.0"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("2023-09-01"), std::string::npos) << f->message;
  ASSERT_EQ(f->evidence.size(), 1u);
  ASSERT_TRUE(f->evidence[0].url.has_value());
  EXPECT_TRUE(f->evidence[0].url->ends_with("/acme/falconish/commit/" + FakeSha("c3")))
      << *f->evidence[0].url;
  int changes = 0;
  for (const Finding& x : result.report.findings) changes += x.code == "license-changed";
  EXPECT_EQ(changes, 1);

  // Without --history there is no such finding and no commit lookups.
  hub.ResetCounts();
  ScanResult plain;
  ASSERT_OK(Scan("acme/falconish", TestOptions(hub), &plain));
  EXPECT_FALSE(HasFinding(plain.report, "license-changed"));
  for (const std::string& line : hub.log()) EXPECT_EQ(line.find("/commits/"), std::string::npos);
}

TEST(HubScanTest, CacheServesImmutableCommitsAndOffline) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}, {"datasets", "acme/corpus"}}));
  FixtureRepo ds;
  ds.id = "acme/corpus";
  ds.kind = "dataset";
  ds.card_data = {{"license", "cc0-1.0"}};
  hub.Add(ds);
  testing::TempDir cache;
  HubOptions o = TestOptions(hub, cache.path().string());
  ScanResult online;
  ASSERT_OK(Scan("acme/tiny", o, &online));

  // The same commit by sha: nothing is asked again.
  hub.ResetCounts();
  ScanResult by_sha;
  ASSERT_OK(Scan("acme/tiny@" + FakeSha("acme/tiny"), o, &by_sha));
  EXPECT_EQ(hub.counts().total, 1) << "only the dataset card (a moving ref) is asked again";

  // Offline: no request at all, the same report.
  hub.ResetCounts();
  HubOptions off = o;
  off.offline = true;
  ScanResult offline;
  ASSERT_OK(Scan("acme/tiny", off, &offline));
  EXPECT_EQ(hub.counts().total, 0);
  EXPECT_EQ(ToJson(offline.report), ToJson(online.report));

  // Offline and not cached: unreadable, and the message says so.
  ScanResult missing;
  Status s = Scan("acme/other", off, &missing);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("offline"), std::string::npos) << s.ToString();
}

std::string ReadTree(const std::filesystem::path& dir) {
  std::string all;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) all += testing::ReadFileOrDie(e.path()) + e.path().string();
  }
  return all;
}

TEST(HubScanTest, TheTokenNeverAppearsInOutputErrorsOrCache) {
  FixtureHub hub;
  FixtureRepo priv = SimpleModelRepo("acme/private", {{"license", "mit"}});
  priv.is_private = true;
  hub.Add(priv);
  hub.Add(GatedRepo());
  testing::TempDir cache;
  testing::TempDir home;
  // The child inherits the environment: the fixture Hub, a private cache and HF_HOME, no token.
  ::setenv("HF_ENDPOINT", hub.endpoint().c_str(), 1);
  ::setenv("OPENNESS_CACHE_DIR", cache.path().c_str(), 1);
  ::setenv("HF_HOME", home.path().c_str(), 1);
  ::unsetenv("HF_TOKEN");
  ::unsetenv("HUGGING_FACE_HUB_TOKEN");
  ::unsetenv("HF_TOKEN_PATH");
  std::string out, err;
  ASSERT_EQ(testing::RunOpenness("scan acme/private --format json", &out, &err), 2)
      << "without a token the private repo is not found";
  // Success with the good token, JSON and text.
  ::setenv("HF_TOKEN", FixtureHub::kGoodToken, 1);
  EXPECT_EQ(testing::RunOpenness("scan acme/private --format json", &out, &err), 0) << err;
  EXPECT_EQ(out.find(FixtureHub::kGoodToken), std::string::npos);
  EXPECT_EQ(err.find(FixtureHub::kGoodToken), std::string::npos);
  EXPECT_NE(out.find("\"source\": \"hub\""), std::string::npos) << out.substr(0, 300);
  EXPECT_EQ(testing::RunOpenness("scan meta-fixture/Gated-8B", &out, &err), 0) << err;
  EXPECT_EQ(out.find(FixtureHub::kGoodToken), std::string::npos);
  // Failure with a bad token: the message names the problem, not the token.
  const std::string bad = "hf_badSECRETtoken_4242424242";
  ::setenv("HF_TOKEN", bad.c_str(), 1);
  EXPECT_EQ(testing::RunOpenness("scan acme/private", &out, &err), 2);
  EXPECT_NE(err.find("refused the token"), std::string::npos) << err;
  EXPECT_EQ(err.find(bad), std::string::npos);
  EXPECT_EQ(out.find(bad), std::string::npos);
  // The token file is read when the variables are unset.
  ::unsetenv("HF_TOKEN");
  ::unsetenv("HUGGING_FACE_HUB_TOKEN");
  { std::ofstream(home.path() / "token") << FixtureHub::kGoodToken << "\n"; }
  EXPECT_EQ(testing::RunOpenness("scan acme/private -f json", &out, &err), 0) << err;
  ::unsetenv("HF_ENDPOINT");
  ::unsetenv("OPENNESS_CACHE_DIR");
  ::unsetenv("HF_HOME");
  // Nothing in the cache holds either token.
  const std::string cached = ReadTree(cache.path());
  EXPECT_FALSE(cached.empty());
  EXPECT_EQ(cached.find(FixtureHub::kGoodToken), std::string::npos);
  EXPECT_EQ(cached.find(bad), std::string::npos);
}

TEST(HubScanTest, CliExitStatusesAndOffline) {
  FixtureHub hub;
  hub.Add(SimpleModelRepo("acme/tiny", {{"license", "mit"}}));
  testing::TempDir cache;
  ::setenv("HF_ENDPOINT", hub.endpoint().c_str(), 1);
  ::setenv("OPENNESS_CACHE_DIR", cache.path().c_str(), 1);
  ::setenv("HF_HOME", cache.path().c_str(), 1);
  ::unsetenv("HF_TOKEN");
  ::unsetenv("HUGGING_FACE_HUB_TOKEN");
  std::string out, err;
  EXPECT_EQ(testing::RunOpenness("scan acme/missing", &out, &err), 2);
  EXPECT_NE(err.find("repository not found"), std::string::npos) << err;
  EXPECT_EQ(testing::RunOpenness("scan acme/tiny -f json", &out, &err), 0) << err;
  hub.ResetCounts();
  EXPECT_EQ(testing::RunOpenness("scan acme/tiny -f json --offline", &out, &err), 0) << err;
  EXPECT_EQ(hub.counts().total, 0);
  EXPECT_EQ(testing::RunOpenness("scan acme/notcached --offline", &out, &err), 2);
  EXPECT_NE(err.find("offline"), std::string::npos) << err;
  ::unsetenv("HF_ENDPOINT");
  ::unsetenv("OPENNESS_CACHE_DIR");
  ::unsetenv("HF_HOME");
}

TEST(HubScanTest, ManyReposConcurrentlyOnOneClient) {
  FixtureHub hub;
  for (int i = 0; i < 40; ++i) {
    hub.Add(SimpleModelRepo("acme/m" + std::to_string(i), {{"license", "mit"}}, 64 << 10));
  }
  HubOptions o = TestOptions(hub);
  auto client = HubClient::Create(o);
  ASSERT_OK(client.status());
  std::vector<std::thread> threads;
  std::atomic<int> next{0}, ok{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < 40; i = next++) {
        ScanOptions so;
        so.hub = o;
        so.hub_client = client.value();
        ScanResult r;
        if (ScanPath("acme/m" + std::to_string(i), so, &r).ok() && r.problems.empty()) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_EQ(client.value()->stats().api_calls, 40u);
  EXPECT_LE(client.value()->stats().range_requests, 40u * 2u);
}

TEST(HubScanTest, RecordedModelInfoFromTheCorpus) {
  SKIP_WITHOUT_SHARED(shared);
  const auto path = shared / "corpus/hub-api/hf_api/model_info.google-bert__bert-base-uncased.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no recorded model info";
  const std::string body = testing::ReadFileOrDie(path);
  const Json j = Json::parse(body);
  FixtureHub hub;
  FixtureRepo repo;
  repo.id = j["id"].get<std::string>();
  repo.sha = j["sha"].get<std::string>();
  repo.raw_info = body;  // siblings without sizes: the client learns them from the first answer
  hub.Add(repo);
  hub.AddRename("bert-legacy/bert-base-uncased", repo.id);
  ScanResult result;
  ASSERT_OK(Scan("bert-legacy/bert-base-uncased", TestOptions(hub), &result));
  const Report& r = result.report;
  EXPECT_EQ(r.subject.id, "google-bert/bert-base-uncased");
  EXPECT_EQ(r.subject.revision, repo.sha);
  // No file is served: the card comes from the recorded cardData.
  ASSERT_FALSE(r.license.declared.empty()) << ToJson(r);
  EXPECT_EQ(r.license.declared[0].value, "apache-2.0");
  EXPECT_EQ(r.license.declared[0].evidence.key, "cardData.license");
  EXPECT_FALSE(r.weights.formats.empty());
}

}  // namespace
}  // namespace openness
