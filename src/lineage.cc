// TraceLineage: the models a release derives from, from the card and GGUF metadata.
#include <algorithm>

#include "openness/assessment.h"

namespace openness {
namespace {

const std::string_view kRelations[] = {"finetune", "adapter", "merge", "quantized"};

std::string Relation(std::string_view declared) {
  for (std::string_view r : kRelations) {
    if (declared == r) return std::string(r);
  }
  return "unknown";
}

// "https://huggingface.co/org/name" -> "org/name"; other URLs stay as they are.
std::string IdFromUrl(std::string_view url) {
  for (std::string_view prefix : {"https://huggingface.co/", "http://huggingface.co/"}) {
    if (url.starts_with(prefix)) {
      std::string_view rest = url.substr(prefix.size());
      size_t first = rest.find('/');
      if (first == std::string_view::npos) return std::string(url);
      size_t second = rest.find('/', first + 1);
      return std::string(rest.substr(0, second));
    }
  }
  return std::string(url);
}

void Add(Report* report, LineageEntry entry) {
  for (const LineageEntry& e : report->lineage) {
    if (e.id == entry.id) return;
  }
  report->lineage.push_back(std::move(entry));
}

}  // namespace

void TraceLineage(const ReleaseEvidence& ev, Report* report) {
  if (ev.card) {
    const FrontMatter& fm = ev.card->front_matter;
    std::string relation = fm.base_model_relation ? Relation(fm.base_model_relation->value)
                                                  : "unknown";
    // Several bases without a stated relation: a merge (the Hub's reading of a list).
    if (!fm.base_model_relation && fm.base_model.size() > 1) relation = "merge";
    for (const CardValue& b : fm.base_model) {
      LineageEntry e;
      e.id = b.value;
      e.relation = relation;
      e.evidence = Evidence::InFile(ev.card->file, b.line).WithKey("base_model");
      e.evidence.WithExcerpt("base_model: " + b.value);
      Add(report, std::move(e));
    }
  }
  for (const WeightsHeader& w : ev.weights) {
    if (!w.gguf) continue;
    const GgufKeyValue* count = w.gguf->Find("general.base_model.count");
    if (count == nullptr || !count->value.integer) continue;
    const int64_t n = std::min<int64_t>(*count->value.integer, 64);
    for (int64_t i = 0; i < n; ++i) {
      const std::string prefix = "general.base_model." + std::to_string(i) + ".";
      std::string id;
      std::string key;
      if (auto url = w.gguf->GetString(prefix + "repo_url")) {
        id = IdFromUrl(*url);
        key = prefix + "repo_url";
      } else if (auto name = w.gguf->GetString(prefix + "name")) {
        auto org = w.gguf->GetString(prefix + "organization");
        id = org ? *org + "/" + *name : *name;
        key = prefix + "name";
      }
      if (id.empty()) continue;
      LineageEntry e;
      e.id = id;
      e.evidence = Evidence::InFile(w.path).WithKey(key);
      e.evidence.WithExcerpt(id);
      Add(report, std::move(e));
    }
  }
}

}  // namespace openness
