// TraceLineage: the models a release derives from, their licenses, and whether the release's own
// license can replace them.
//
// Bases come from the card's base_model (string or list) and base_model_relation, GGUF
// general.base_model.*, and, when neither names one, the card's prose ("a Llama2 based model",
// "fine-tuned from X", "based on [Phi-2](https://huggingface.co/microsoft/phi-2)"). Each base's
// license comes from data/known-base-models.yaml, else, in a Hub scan, from the base's own card
// on the Hub (ev.hub->bases, which also holds the further links of the chain: a base's base).
//
// A derivative of a base under a restricted, non-commercial or share-alike license must keep
// that license; declaring another one (Apache-2.0 on a Llama 3 fine-tune, MIT on Gemma, OpenRAIL
// on a BigCode model) is the license-conflicts-with-base finding, and the base license then
// governs the weights in license.effective, with its duties.
#include <algorithm>
#include <cctype>

#include "openness/assessment.h"
#include "openness/known_entities.h"
#include "openness/open_washing.h"

namespace openness {
namespace {

const std::string_view kRelations[] = {"finetune", "adapter", "merge", "quantized"};

std::string Relation(std::string_view declared) {
  for (std::string_view r : kRelations) {
    if (declared == r) return std::string(r);
  }
  return "unknown";
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "https://huggingface.co/org/name" -> "org/name"; other URLs stay as they are.
std::string IdFromUrl(std::string_view url) {
  for (std::string_view prefix :
       {"https://huggingface.co/", "http://huggingface.co/", "https://hf.co/"}) {
    if (url.starts_with(prefix)) {
      std::string_view rest = url.substr(prefix.size());
      size_t first = rest.find('/');
      if (first == std::string_view::npos) return std::string(url);
      size_t second = rest.find_first_of("/?#", first + 1);
      return std::string(rest.substr(0, second));
    }
  }
  return std::string(url);
}

bool Add(Report* report, LineageEntry entry) {
  for (const LineageEntry& e : report->lineage) {
    if (Lower(e.id) == Lower(entry.id)) return false;
  }
  report->lineage.push_back(std::move(entry));
  return true;
}

// Words before a base model's name that make it the base ("fine-tuned from X").
struct Pattern {
  std::string_view words;
  std::string_view relation;
};
constexpr Pattern kBefore[] = {{"quantized version of", "quantized"},
                               {"quantised version of", "quantized"},
                               {"gguf version of", "quantized"},
                               {"gptq version of", "quantized"},
                               {"awq version of", "quantized"},
                               {"quantization of", "quantized"},
                               {"merge of", "merge"},
                               {"fine-tuned version of", "finetune"},
                               {"finetuned version of", "finetune"},
                               {"fine tuned version of", "finetune"},
                               {"fine-tuned from", "finetune"},
                               {"finetuned from", "finetune"},
                               {"fine tuned from", "finetune"},
                               {"fine-tuned on top of", "finetune"},
                               {"fine-tune of", "finetune"},
                               {"finetune of", "finetune"},
                               {"fine-tuning of", "finetune"},
                               {"based on", "finetune"},
                               {"built on top of", "finetune"},
                               {"built upon", "finetune"},
                               {"built on", "finetune"},
                               {"trained on top of", "finetune"},
                               {"initialized from", "finetune"},
                               {"initialised from", "finetune"},
                               {"continued pretraining of", "finetune"},
                               {"continued pre-training of", "finetune"},
                               {"derived from", "finetune"},
                               {"distilled from", "finetune"}};
// Words after the name ("a Llama2 based model", "Stable Diffusion fine tuned model").
constexpr std::string_view kAfter[] = {"-based",     " based",     " fine-tuned", " fine tuned",
                                       " finetuned", " fine-tune", " finetune"};

// The relation when the words before offset in the lower-case sentence name a base, or "".
std::string_view BeforePattern(std::string_view lower, size_t offset) {
  std::string_view prefix = lower.substr(0, offset);
  // Drop a leading article or possessive between the pattern and the name.
  auto trim = [&] {
    while (!prefix.empty() && (prefix.back() == ' ' || prefix.back() == '['))
      prefix.remove_suffix(1);
  };
  trim();
  for (std::string_view article : {" the", " a", " an", "'s"}) {
    if (prefix.ends_with(article)) {
      prefix.remove_suffix(article.size());
      if (article == "'s") {  // "Meta's": drop the owner's name too
        const size_t space = prefix.rfind(' ');
        prefix = space == std::string_view::npos ? std::string_view() : prefix.substr(0, space);
      }
      trim();
      break;
    }
  }
  for (const Pattern& p : kBefore) {
    if (prefix.ends_with(p.words) &&
        (prefix.size() == p.words.size() ||
         !std::isalnum(static_cast<unsigned char>(prefix[prefix.size() - p.words.size() - 1])))) {
      return p.relation;
    }
  }
  return "";
}

bool AfterPattern(std::string_view lower, size_t end) {
  std::string_view rest = lower.substr(end);
  for (std::string_view a : kAfter) {
    if (rest.starts_with(a)) return true;
  }
  return false;
}

// Card prose up to an embedded "Original model card" section (quantisers copy the base card).
bool BeforeOriginalCard(const ModelCard& card, int line) {
  for (const CardSection& s : card.sections) {
    if (Lower(s.heading).starts_with("original model card") && line >= s.line) return false;
  }
  return true;
}

// Whether the words before a base's name are about this model ("This model is based on X", "X
// is a Llama2 based model"), not about another model or the card ("DeepSeek-R1-Distill-Llama-8B
// is derived from Llama3.1", "This model card is based on the Stable Diffusion card").
bool AboutThisModel(std::string_view prefix_lower, const std::vector<std::string>& names) {
  const std::string p = " " + std::string(prefix_lower);
  if (p.find("model card") != std::string::npos || p.find(" card ") != std::string::npos) {
    return false;
  }
  for (std::string_view self : {" this model", " the model", " this is", " is a ", " is an ",
                                " it is", " we ", " our ", " this checkpoint", " this version",
                                " this repo", " these models", " this adapter", " this lora"}) {
    if (p.find(self) != std::string::npos) return true;
  }
  // The sentence starts with the pattern ("Based on X, ...", "Fine-tuned from X").
  size_t words = 0;
  for (char c : prefix_lower) words += c == ' ';
  if (words <= 4) {
    for (const Pattern& pat : kBefore) {
      if (prefix_lower.find(pat.words) == 0) return true;
    }
  }
  // The model's own name, as a whole token.
  for (const std::string& n : names) {
    size_t at = p.find(n);
    while (at != std::string::npos) {
      const size_t end = at + n.size();
      if (end >= p.size() ||
          !(std::isalnum(static_cast<unsigned char>(p[end])) || p[end] == '-' || p[end] == '.')) {
        return true;
      }
      at = p.find(n, at + 1);
    }
  }
  return false;
}

// The Hugging Face card template's field "- **Finetuned from model [optional]:** X": the value
// after the label, or "" when the line is not that field or the field is left unfilled.
std::string TemplateBaseModel(std::string_view line) {
  std::string lower = Lower(line);
  size_t at = lower.find("finetuned from model");
  if (at == std::string::npos) at = lower.find("fine-tuned from model");
  if (at == std::string::npos) return "";
  // Only list markers and emphasis before the label.
  for (char c : lower.substr(0, at)) {
    if (c != ' ' && c != '-' && c != '*' && c != '_' && c != '\t') return "";
  }
  const size_t colon = lower.find(':', at);
  if (colon == std::string::npos) return "";
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '*' || value.front() == '_'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '*' || value.back() == '_' ||
                            value.back() == '\r' || value.back() == '.'))
    value.remove_suffix(1);
  const std::string v = Lower(value);
  if (v.empty() || v.find("more information needed") != std::string::npos ||
      v.find("{{") != std::string::npos || v == "n/a" || v == "none") {
    return "";
  }
  return std::string(value);
}

void FromTemplateField(const ModelCard& card, Report* report) {
  for (int n = 1; n <= static_cast<int>(card.line_starts.size()); ++n) {
    if (!BeforeOriginalCard(card, n)) break;
    std::string value = TemplateBaseModel(card.Line(n));
    if (value.empty()) continue;
    LineageEntry e;
    e.id = value;
    for (const CardLink& l : card.links) {  // "[name](https://huggingface.co/org/name)"
      if (l.line == n && l.kind == LinkKind::kModel) e.id = IdFromUrl(l.url);
    }
    if (e.id.find(' ') != std::string::npos && e.id.find('[') != std::string::npos) continue;
    e.relation = "finetune";
    e.evidence = Evidence::InFile(card.file, n);
    e.evidence.WithExcerpt(card.Line(n));
    Add(report, std::move(e));
  }
}

void FromCardText(const ReleaseEvidence& ev, const KnownEntities& known, Report* report) {
  const ModelCard& card = *ev.card;
  FromTemplateField(card, report);
  const KnownBaseModel* self = known.FindBaseModel(ev.release.id);
  // The model's own names: its id, and for a Hub id "org/name" the name alone (cards name the
  // model without its organisation).
  std::vector<std::string> names;
  {
    const std::string full = Lower(ev.release.id);
    std::vector<std::string> ids = {full};
    if (const size_t slash = full.rfind('/'); slash != std::string::npos) {
      ids.push_back(full.substr(slash + 1));
    }
    for (const std::string& id : ids) {
      if (id.size() >= 3) names.push_back(id);
      std::string spaced = id;
      std::replace(spaced.begin(), spaced.end(), '-', ' ');
      if (spaced != id && spaced.size() >= 3) names.push_back(spaced);
    }
  }
  int added = 0;
  for (const CardSentence& s : CardSentences(card, 5000)) {
    if (added >= 4) break;
    if (!BeforeOriginalCard(card, s.line)) break;
    const std::string lower = Lower(s.text);
    // Links to Hub models on the sentence's line, by their text.
    for (const CardLink& l : card.links) {
      if (l.kind != LinkKind::kModel || l.line != s.line) continue;
      const std::string text = Lower(l.text);
      const size_t at = text.empty() ? std::string::npos : lower.find(text);
      if (at == std::string::npos) continue;
      std::string_view relation = BeforePattern(lower, at);
      if (relation.empty() && AfterPattern(lower, at + text.size())) relation = "finetune";
      if (relation.empty() || !AboutThisModel(std::string_view(lower).substr(0, at), names))
        continue;
      LineageEntry e;
      e.id = IdFromUrl(l.url);
      const KnownBaseModel* b = known.FindBaseModel(e.id);
      if (b != nullptr && b == self) continue;
      e.relation = std::string(relation);
      e.evidence = Evidence::InFile(card.file, s.line);
      e.evidence.url = l.url;
      e.evidence.WithExcerpt(s.text);
      added += Add(report, std::move(e));
    }
    // Well-known model families named in prose.
    for (const auto& m : known.FindBaseModelPhrases(s.text)) {
      if (m.entry == self) continue;
      std::string_view relation = BeforePattern(lower, m.offset);
      if (relation.empty() && AfterPattern(lower, m.offset + m.length)) relation = "finetune";
      if (relation.empty() || !AboutThisModel(std::string_view(lower).substr(0, m.offset), names)) {
        continue;
      }
      // Already found through a link with the same family.
      bool have = false;
      for (const LineageEntry& l : report->lineage) {
        have = have || known.FindBaseModel(l.id) == m.entry;
      }
      if (have) continue;
      LineageEntry e;
      e.id = s.text.substr(m.offset, m.length);
      e.relation = std::string(relation);
      e.evidence = Evidence::InFile(card.file, s.line);
      e.evidence.WithExcerpt(s.text);
      added += Add(report, std::move(e));
    }
  }
}

// The Hub's answer for a base, when a Hub scan looked it up and recognised its license.
const HubBaseModel* HubBase(const ReleaseEvidence& ev, std::string_view id) {
  if (!ev.hub) return nullptr;
  const std::string lower = Lower(id);
  for (const HubBaseModel& b : ev.hub->bases) {
    if (b.status.ok() && b.key && Lower(b.id) == lower) return &b;
  }
  return nullptr;
}

// The further links of the chain the Hub resolved (a base's own bases, and theirs): a
// restricted license anywhere up the chain binds the release as well.
void FromHubChain(const ReleaseEvidence& ev, Report* report) {
  if (!ev.hub) return;
  const HubEvidence& hub = *ev.hub;
  for (const HubBaseModel& b : hub.bases) {
    if (!b.status.ok() || b.depth < 2) continue;
    LineageEntry l;
    l.id = b.id;
    l.relation = b.relation;
    l.license = b.key;
    l.child = b.child;
    // Named by the child's card: its page is where the link is stated.
    l.evidence = b.evidence;
    l.evidence.key = "cardData.base_model";
    l.evidence.url = hub.repo.page_url;
    for (const HubBaseModel& c : hub.bases) {
      if (c.id == b.child) l.evidence.url = c.evidence.url;
    }
    l.license_evidence = b.evidence;
    Add(report, std::move(l));
  }
}

// The base's license: the known-base-models entry for its id, or for the family its prose name
// belongs to; else what the base's card on the Hub declares.
void ResolveLicenses(const ReleaseEvidence& ev, const KnownEntities& known, Report* report) {
  for (LineageEntry& e : report->lineage) {
    const KnownBaseModel* b = known.FindBaseModel(e.id);
    if (b == nullptr) {
      for (const auto& m : known.FindBaseModelPhrases(e.id)) {
        if (m.offset == 0 && m.length == e.id.size()) b = m.entry;
      }
    }
    if (b == nullptr) {
      if (const HubBaseModel* h = HubBase(ev, e.id); h != nullptr && !e.license) {
        e.license = *h->key;
        e.license_evidence = h->evidence;
      }
      continue;
    }
    e.license = b->license;
    e.license_evidence = KnownEvidence("known-base-models", b->family, b->source,
                                       b->family + " weights are published under " + b->license);
    if (b->osaid) e.osaid = b->osaid;
  }
}

// A derivative that declares both its base's current license and one the base was published
// under before a relicensing copied the stale one: the current license governs.
void DropStaleBaseLicenses(const KnownEntities& known, const LicenseTable& table, Report* report) {
  auto& eff = report->license.effective;
  for (const LineageEntry& base : report->lineage) {
    if (!base.license) continue;
    const KnownBaseModel* b = known.FindBaseModel(base.id);
    if (b == nullptr) {
      for (const auto& m : known.FindBaseModelPhrases(base.id)) {
        if (m.offset == 0 && m.length == base.id.size()) b = m.entry;
      }
    }
    if (b == nullptr || b->former_licenses.empty()) continue;
    const bool has_current = std::any_of(
        eff.begin(), eff.end(), [&](const EffectiveLicense& e) { return e.key == *base.license; });
    if (!has_current) continue;
    for (const std::string& former : b->former_licenses) {
      auto it = std::find_if(eff.begin(), eff.end(),
                             [&](const EffectiveLicense& e) { return e.key == former; });
      if (it == eff.end()) continue;
      const LicenseKey* fk = table.Find(former);
      const LicenseKey* ck = table.Find(*base.license);
      Finding f;
      f.code = "license-contradiction-resolved";
      f.severity = Severity::kInfo;
      f.message = "The release declares both " + (ck ? ck->name : *base.license) + " and " +
                  (fk ? fk->name : former) + "; its base " + base.id + " was published under " +
                  (fk ? fk->name : former) + " before it was relicensed under " +
                  (ck ? ck->name : *base.license) +
                  ", so the older license is a stale copy and the current one governs.";
      for (const DeclaredLicense& d : report->license.declared) {
        const LicenseKey* k = table.Recognise(d.value);
        if (k != nullptr && k->key == former) f.evidence.push_back(d.evidence);
      }
      f.evidence.push_back(base.evidence);
      f.evidence.push_back(
          KnownEvidence("known-base-models", b->family, b->former_source,
                        b->family + " was relicensed from " + former + " to " + *base.license));
      report->findings.push_back(std::move(f));
      eff.erase(it);
    }
  }
}

bool ShareAlike(std::string_view key) {
  for (std::string_view k :
       {"gpl-2.0", "gpl-3.0", "agpl-3.0", "lgpl-3.0", "cc-by-sa-4.0", "odbl"}) {
    if (key == k) return true;
  }
  return false;
}

std::string Duties(const LicenseKey& k) {
  switch (k.kind) {
    case LicenseKind::kNonCommercial:
      return "non-commercial use only, and its other terms";
    case LicenseKind::kRestricted:
      return "its use restrictions and duties (acceptable-use policy, attribution and naming "
             "where it requires them), which pass on to every derivative";
    default:
      return "share-alike: derivatives must be released under the same license";
  }
}

std::string DisplayName(const LicenseKey& k) { return k.spdx.empty() ? k.name : k.spdx; }

void CheckConflicts(const LicenseTable& table, Report* report) {
  std::vector<std::string> remove;
  std::vector<const LicenseKey*> add;
  for (const LineageEntry& base : report->lineage) {
    if (!base.license) continue;
    const LicenseKey* bk = table.Find(*base.license);
    if (bk == nullptr) continue;
    const bool binding = bk->kind == LicenseKind::kRestricted ||
                         bk->kind == LicenseKind::kNonCommercial || ShareAlike(bk->key);
    if (!binding) continue;
    for (const EffectiveLicense& e : report->license.effective) {
      if (e.key == bk->key || e.key == "unknown" || e.key == "other") continue;
      const LicenseKey* dk = table.Find(e.key);
      if (dk == nullptr) continue;
      Finding f;
      f.code = "license-conflicts-with-base";
      f.severity = Severity::kWarning;
      f.message = "The release declares " + DisplayName(*dk) + ", but it derives from " + base.id +
                  ", whose " + bk->name +
                  " cannot be replaced by another license in a derivative; the base license "
                  "governs the weights, with " +
                  Duties(*bk) + ".";
      for (const DeclaredLicense& d : report->license.declared) {
        const LicenseKey* k = table.Recognise(d.value);
        if (k != nullptr && k->key == e.key) f.evidence.push_back(d.evidence);
      }
      f.evidence.push_back(base.evidence);
      if (base.license_evidence) f.evidence.push_back(*base.license_evidence);
      report->findings.push_back(std::move(f));
      remove.push_back(e.key);
      add.push_back(bk);
    }
  }
  if (add.empty()) return;
  auto& eff = report->license.effective;
  eff.erase(std::remove_if(eff.begin(), eff.end(),
                           [&](const EffectiveLicense& e) {
                             return std::find(remove.begin(), remove.end(), e.key) != remove.end();
                           }),
            eff.end());
  for (const LicenseKey* k : add) {
    bool have = false;
    for (const EffectiveLicense& e : eff) have = have || e.key == k->key;
    if (have) continue;
    EffectiveLicense e;
    e.key = k->key;
    e.name = k->name;
    e.spdx = k->SpdxOrRef();
    e.osi_approved = k->osi_approved();
    e.open = k->open();
    eff.push_back(std::move(e));
  }
}

}  // namespace

void TraceLineage(const ReleaseEvidence& ev, Report* report) {
  TraceLineage(ev, LicenseTable::Builtin(), report);
}

void TraceLineage(const ReleaseEvidence& ev, const LicenseTable& table, Report* report) {
  const KnownEntities& known = KnownEntities::Builtin();
  if (ev.card) {
    const FrontMatter& fm = ev.card->front_matter;
    std::string relation =
        fm.base_model_relation ? Relation(fm.base_model_relation->value) : "unknown";
    // Several bases without a stated relation: a merge (the Hub's reading of a list).
    if (!fm.base_model_relation && fm.base_model.size() > 1) relation = "merge";
    // A quantiser's card (quantized_by) re-publishes its base.
    if (!fm.base_model_relation && fm.base_model.size() == 1) {
      for (const CardValue& k : fm.keys) {
        if (k.value == "quantized_by") relation = "quantized";
      }
    }
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
  // Prose, only when no metadata names a base.
  if (report->lineage.empty() && ev.card) FromCardText(ev, known, report);
  FromHubChain(ev, report);
  ResolveLicenses(ev, known, report);
  DropStaleBaseLicenses(known, table, report);
  CheckConflicts(table, report);
}

}  // namespace openness
