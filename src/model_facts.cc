// DescribeModel: what the release says about the model itself (architecture, task, datasets,
// evaluation results, links, and the card's limitations, intended uses and training passages).
//
// Nothing here is a verdict: the facts are copied from config.json, GGUF metadata and the card,
// each with its evidence, for the bills of materials and the human reports. Dataset licenses come
// from the Hub's dataset cards when a Hub scan read them, else from our data files.
#include <algorithm>
#include <cctype>
#include <set>

#include "openness/assessment.h"
#include "openness/known_entities.h"

namespace openness {
namespace {

constexpr size_t kMaxLinks = 32;
constexpr size_t kMaxDatasets = 256;
constexpr size_t kMaxEvalResults = 256;
constexpr int64_t kMaxGgufDatasets = 64;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "https://huggingface.co/datasets/org/name/..." -> "org/name"; anything else unchanged.
std::string DatasetIdFromUrl(std::string_view url) {
  for (std::string_view prefix :
       {"https://huggingface.co/datasets/", "http://huggingface.co/datasets/"}) {
    if (!url.starts_with(prefix)) continue;
    std::string_view rest = url.substr(prefix.size());
    const size_t first = rest.find('/');
    if (first == std::string_view::npos) return std::string(rest);
    const size_t second = rest.find('/', first + 1);
    return std::string(rest.substr(0, second));
  }
  return std::string(url);
}

void AddDataset(ModelFacts* facts, std::string id, std::string use, Evidence evidence) {
  if (id.empty()) return;
  const std::string key = Lower(id);
  for (DatasetRef& d : facts->datasets) {
    if (Lower(d.id) == key && d.use == use) {
      if (d.evidence.size() < 8) d.evidence.push_back(std::move(evidence));
      return;
    }
  }
  if (facts->datasets.size() >= kMaxDatasets) return;
  DatasetRef d;
  d.id = std::move(id);
  d.use = std::move(use);
  d.evidence.push_back(std::move(evidence));
  facts->datasets.push_back(std::move(d));
}

void AddLink(ModelFacts* facts, std::string kind, std::string url, Evidence evidence) {
  for (const ModelLink& l : facts->links) {
    if (l.url == url) return;
  }
  if (facts->links.size() >= kMaxLinks) return;
  facts->links.push_back({std::move(kind), std::move(url), std::move(evidence)});
}

// The body of a filled section: its lines without heading marks or template placeholders,
// collapsed and cut to CardPassage::kMaxBytes.
std::optional<CardPassage> Passage(const ModelCard& card,
                                   std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    const CardSection* s = card.FindSection(name);
    if (s == nullptr || !s->filled) continue;
    std::string body;
    bool in_comment = false;
    for (int n = s->line + 1; n <= s->end_line; ++n) {
      std::string_view line = card.Line(n);
      if (line.find("<!--") != std::string_view::npos) in_comment = true;
      if (in_comment) {
        if (line.find("-->") != std::string_view::npos) in_comment = false;
        continue;
      }
      while (!line.empty() && (line.front() == '#' || line.front() == ' ')) line.remove_prefix(1);
      std::string text(line);
      for (size_t at; (at = text.find("[More Information Needed]")) != std::string::npos;) {
        text.erase(at, 25);
      }
      body += text;
      body += ' ';
      if (body.size() > 4 * CardPassage::kMaxBytes) break;
    }
    CardPassage p;
    p.text = MakeExcerpt(body, CardPassage::kMaxBytes);
    if (p.text.empty()) continue;
    p.evidence = Evidence::InFile(card.file, s->line);
    p.evidence.WithExcerpt(std::string(card.Line(s->line)));
    return p;
  }
  return std::nullopt;
}

void FromConfig(const ReleaseEvidence& ev, ModelFacts* facts) {
  if (!ev.config) return;
  const ModelConfig& c = *ev.config;
  if (!c.architectures.empty()) {
    facts->architecture = c.architectures.front();
    facts->evidence.push_back(
        Evidence::InFile(c.path).WithKey("architectures").WithExcerpt(c.architectures.front()));
  }
  if (c.model_type) {
    facts->family = *c.model_type;
    facts->evidence.push_back(
        Evidence::InFile(c.path).WithKey("model_type").WithExcerpt(*c.model_type));
  }
  facts->hyperparameters = c.hyperparameters;
}

void FromGguf(const ReleaseEvidence& ev, ModelFacts* facts) {
  for (const WeightsHeader& w : ev.weights) {
    if (!w.gguf) continue;
    const GgufFile& g = *w.gguf;
    if (auto arch = g.GetString("general.architecture"); arch && !arch->empty()) {
      if (!facts->family) {
        facts->family = *arch;
        facts->evidence.push_back(
            Evidence::InFile(w.path).WithKey("general.architecture").WithExcerpt(*arch));
      }
      if (facts->hyperparameters.empty()) {
        for (std::string_view suffix :
             {".context_length", ".embedding_length", ".block_count", ".feed_forward_length",
              ".attention.head_count", ".attention.head_count_kv", ".vocab_size"}) {
          const std::string key = *arch + std::string(suffix);
          const GgufKeyValue* kv = g.Find(key);
          if (kv != nullptr && kv->value.integer) {
            facts->hyperparameters.emplace_back(key, std::to_string(*kv->value.integer));
          }
        }
      }
    }
    const GgufKeyValue* count = g.Find("general.dataset.count");
    if (count == nullptr || !count->value.integer) continue;
    const int64_t n = std::min<int64_t>(*count->value.integer, kMaxGgufDatasets);
    for (int64_t i = 0; i < n; ++i) {
      const std::string prefix = "general.dataset." + std::to_string(i) + ".";
      std::string id, key;
      if (auto url = g.GetString(prefix + "repo_url"); url && !url->empty()) {
        id = DatasetIdFromUrl(*url);
        key = prefix + "repo_url";
      } else if (auto name = g.GetString(prefix + "name"); name && !name->empty()) {
        auto org = g.GetString(prefix + "organization");
        id = org && !org->empty() ? *org + "/" + *name : *name;
        key = prefix + "name";
      }
      if (id.empty()) continue;
      AddDataset(facts, id, "training", Evidence::InFile(w.path).WithKey(key).WithExcerpt(id));
    }
  }
}

void FromCard(const ReleaseEvidence& ev, ModelFacts* facts) {
  if (!ev.card) return;
  const ModelCard& card = *ev.card;
  const FrontMatter& fm = card.front_matter;
  auto value_evidence = [&card](const CardValue& v, const char* key) {
    return Evidence::InFile(card.file, v.line).WithKey(key).WithExcerpt(v.value);
  };
  if (fm.pipeline_tag && !fm.pipeline_tag->value.empty()) {
    facts->task = fm.pipeline_tag->value;
    facts->evidence.push_back(value_evidence(*fm.pipeline_tag, "pipeline_tag"));
  }
  if (fm.library_name && !fm.library_name->value.empty()) {
    facts->library = fm.library_name->value;
    facts->evidence.push_back(value_evidence(*fm.library_name, "library_name"));
  }
  for (const CardValue& l : fm.language) {
    if (!l.value.empty() && std::find(facts->languages.begin(), facts->languages.end(), l.value) ==
                                facts->languages.end()) {
      facts->languages.push_back(l.value);
    }
  }
  for (const CardValue& d : fm.datasets) {
    AddDataset(facts, d.value, "training", value_evidence(d, "datasets"));
  }
  for (const CardEvalResult& r : fm.eval_results) {
    if (facts->eval_results.size() >= kMaxEvalResults) break;
    EvalResult e;
    e.task = r.task_type;
    e.dataset = r.dataset_type;
    e.dataset_name = r.dataset_name;
    e.metric = r.metric_type;
    e.value = r.metric_value;
    e.evidence = Evidence::InFile(card.file, r.line).WithKey("model-index");
    e.evidence.WithExcerpt(r.metric_type + ": " + r.metric_value);
    if (!e.dataset.empty()) {
      AddDataset(facts, e.dataset, "evaluation",
                 Evidence::InFile(card.file, r.line).WithKey("model-index").WithExcerpt(e.dataset));
    }
    facts->eval_results.push_back(std::move(e));
  }
  for (const CardLink& l : card.links) {
    if (l.kind != LinkKind::kCodeRepository && l.kind != LinkKind::kPaper) continue;
    Evidence e = Evidence::InFile(card.file, l.line);
    e.url = l.url;
    e.WithExcerpt(l.text);
    AddLink(facts, std::string(LinkKindName(l.kind)), l.url, std::move(e));
  }
  if (fm.license_link && (fm.license_link->value.starts_with("https://") ||
                          fm.license_link->value.starts_with("http://"))) {
    Evidence e = value_evidence(*fm.license_link, "license_link");
    e.url = fm.license_link->value;
    AddLink(facts, "license", fm.license_link->value, std::move(e));
  }
  for (const CardValue& t : fm.tags) {
    if (!t.value.starts_with("arxiv:") || t.value.size() <= 6 || t.value.size() > 40) continue;
    const std::string url = "https://arxiv.org/abs/" + t.value.substr(6);
    AddLink(facts, std::string(LinkKindName(LinkKind::kPaper)), url, value_evidence(t, "tags"));
  }
  facts->intended_use = Passage(
      card, {"Uses", "Intended Uses", "Intended Use", "Direct Use", "Intended uses & limitations"});
  facts->limitations = Passage(card, {"Bias, Risks, and Limitations", "Bias, Risks and Limitations",
                                      "Limitations", "Risks and Limitations"});
  facts->training =
      Passage(card, {"Training Details", "Training Data", "Training Procedure", "Training"});
}

// Dataset licenses: the Hub's dataset cards first (a Hub scan read them), then our data files.
void DatasetLicenses(const ReleaseEvidence& ev, ModelFacts* facts) {
  const KnownEntities& known = KnownEntities::Builtin();
  for (DatasetRef& d : facts->datasets) {
    if (ev.hub) {
      for (const HubDatasetLicense& h : ev.hub->datasets) {
        if (Lower(h.id) == Lower(d.id) && h.status.ok() && h.key) {
          d.license = *h.key;
          d.license_evidence = h.evidence;
          break;
        }
      }
    }
    if (d.license) continue;
    if (const KnownDataset* k = known.FindDataset(d.id)) {
      d.license = k->license;
      d.license_evidence = KnownEvidence("known-datasets", k->id, k->source,
                                         k->name + " is published under " + k->license);
    }
  }
}

}  // namespace

void DescribeModel(const ReleaseEvidence& ev, Report* report) {
  ModelFacts facts;
  FromConfig(ev, &facts);
  FromCard(ev, &facts);
  FromGguf(ev, &facts);
  DatasetLicenses(ev, &facts);
  report->model = std::move(facts);
}

}  // namespace openness
