// Benchmarks of license identification once the process is up (docs/benchmarks.md records the
// figures; bench/license_peers.sh measures the whole process and compares with licensee and
// licensecheck):
//   BM_IndexOpen             reading the compiled-in index (what a cold start pays once)
//   BM_Normalise/<text>      the ten normalisation passes
//   BM_Match/<text>          Match() on a whole text: normalise, exact hash, and on a miss the
//                            bigram index, span search and diff
//   BM_MatchModified/<text>  the same text with a clause added (never the exact fast path)
//   BM_MatchInCard/<text>    the text as the License section of a long model card
// The texts are read from ../shared/corpus/licenses when it is there (typical license sizes);
// otherwise from examples/tiny-release/LICENSE.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "license_index.h"
#include "openness/license_matcher.h"
#include "openness/license_text.h"

namespace openness {
std::string_view BuiltinLicenseIndexBlob();
}

namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Text {
  std::string name;
  std::string text;
};

const std::vector<Text>& Texts() {
  static const std::vector<Text> texts = [] {
    std::vector<Text> out;
    const fs::path source = OPENNESS_SOURCE_DIR;
    const fs::path corpus = source.parent_path() / "shared" / "corpus" / "licenses" / "texts";
    for (const char* name : {"deepseek-r1-mit.txt", "llama3_1-community-license.txt",
                             "apache-2.0.txt", "gemma-terms-of-use-2025-03-24.txt"}) {
      if (fs::exists(corpus / name)) out.push_back({name, Read(corpus / name)});
    }
    if (out.empty()) out.push_back({"example-mit", Read(source / "examples/tiny-release/LICENSE")});
    return out;
  }();
  return texts;
}

std::string WithClause(const std::string& text) {
  std::string t = text;
  size_t at = t.find("\n\n", t.size() / 2);
  if (at == std::string::npos) at = t.size();
  t.insert(at,
           "\n\nThe licensee shall also display a purple banner on every page that uses the "
           "model, and shall report each deployment to the licensor within ten days.\n");
  return t;
}

std::string InCard(const std::string& text) {
  std::string card = "---\nlicense: other\n---\n# Model\n\n";
  for (int i = 0; i < 200; ++i) {
    card += "Evaluation " + std::to_string(i) + ": the model scored " + std::to_string(i % 97) +
            " points on benchmark task number " + std::to_string(i * 7) + ".\n";
  }
  return card + "\n## License\n\n" + text + "\n## Citation\n\nCite the report.\n";
}

void BM_IndexOpen(benchmark::State& state) {
  for (auto _ : state) {
    openness::LicenseIndex index;
    std::string err;
    if (!openness::LicenseIndex::Open(openness::BuiltinLicenseIndexBlob(), &index, &err)) {
      state.SkipWithError(err.c_str());
      return;
    }
    benchmark::DoNotOptimize(index);
  }
  state.counters["references"] = static_cast<double>(openness::LicenseMatcher::Builtin().size());
}
BENCHMARK(BM_IndexOpen)->Unit(benchmark::kMicrosecond);

void RunOn(benchmark::State& state, const std::string& text, bool normalise_only) {
  const openness::LicenseMatcher& m = openness::LicenseMatcher::Builtin();
  size_t found = 0;
  for (auto _ : state) {
    if (normalise_only) {
      benchmark::DoNotOptimize(openness::NormaliseLicenseText(text));
    } else {
      auto r = m.Match(text);
      found = r.size();
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["bytes"] = static_cast<double>(text.size());
  if (!normalise_only) state.counters["matches"] = static_cast<double>(found);
}

void Register() {
  for (const Text& t : Texts()) {
    benchmark::RegisterBenchmark(("BM_Normalise/" + t.name).c_str(), [&t](benchmark::State& s) {
      RunOn(s, t.text, true);
    })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("BM_Match/" + t.name).c_str(), [&t](benchmark::State& s) {
      RunOn(s, t.text, false);
    })->Unit(benchmark::kMicrosecond);
    static std::vector<std::string> keep;
    keep.reserve(64);
    keep.push_back(WithClause(t.text));
    const std::string* modified = &keep.back();
    benchmark::RegisterBenchmark(("BM_MatchModified/" + t.name).c_str(), [modified](
                                                                             benchmark::State& s) {
      RunOn(s, *modified, false);
    })->Unit(benchmark::kMicrosecond);
    keep.push_back(InCard(t.text));
    const std::string* card = &keep.back();
    benchmark::RegisterBenchmark(("BM_MatchInCard/" + t.name).c_str(), [card](benchmark::State& s) {
      RunOn(s, *card, false);
    })->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Register();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
