// InventoryComponents: the 17 MOF components from files, card front matter, sections and links.
#include "openness/components.h"

#include <algorithm>
#include <cctype>

#include "openness/mof.h"

namespace openness {
namespace {

constexpr size_t kMaxEvidencePerComponent = 6;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <typename Words>
bool ContainsAnyOf(std::string_view haystack_lower, const Words& words) {
  for (std::string_view w : words) {
    if (haystack_lower.find(w) != std::string_view::npos) return true;
  }
  return false;
}

bool ContainsAny(std::string_view haystack_lower, std::initializer_list<std::string_view> words) {
  return ContainsAnyOf(haystack_lower, words);
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return Lower(slash == std::string::npos ? path : path.substr(slash + 1));
}

std::string FirstDir(const std::string& path) {
  const size_t slash = path.find('/');
  return slash == std::string::npos ? "" : Lower(path.substr(0, slash));
}

// Words around a link that present a repository as this model's code ("Library: GPT-NeoX",
// "Training Framework: Nanotron", "Core repo (training, inference)", "trained with X").
constexpr std::string_view kCodeHomeWords[] = {"training code",
                                               "training procedure",
                                               "training framework",
                                               "training script",
                                               "training repo",
                                               "training recipe",
                                               "training config",
                                               "train script",
                                               "pretraining code",
                                               "pre-training code",
                                               "fine-tuning code",
                                               "finetuning code",
                                               "fine-tuning recipe",
                                               "fine-tuning script",
                                               "reproduc",
                                               "trained with",
                                               "trained using",
                                               "built with",
                                               "(training",
                                               "training,",
                                               "library",
                                               "codebase",
                                               "framework",
                                               "core repo",
                                               "source code",
                                               "code repository",
                                               "repository",
                                               "repo ",
                                               "repos",
                                               "code:",
                                               "github"};
// Words that make a training repository this model's own only with a training word.
constexpr std::string_view kTrainingWords[] = {"train", "fine-tun", "finetun", "fine tun",
                                               "reproduc"};
// Words that say the link is a suggestion or a comparison, not this model's code.
constexpr std::string_view kNotOwnCode[] = {
    "such as", "e.g.",      "for example",   "you can",    "can be used",
    "offers",  "recommend", "alternatively", " vs",        "versus",
    " like ",  "compared",  " than ",        "similar to", "quantiz"};

// A line's prose: lower case, with URLs removed (so "github.com/org/some-code" says nothing).
std::string ProseOf(std::string_view line) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    if (line.substr(i).starts_with("http://") || line.substr(i).starts_with("https://")) {
      while (i < line.size() && line[i] != ' ' && line[i] != ')' && line[i] != '>' &&
             line[i] != '"' && line[i] != '\'') {
        ++i;
      }
      continue;
    }
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))));
    ++i;
  }
  return out;
}

struct Inventory {
  const ReleaseEvidence& ev;
  const LicenseTable& table;
  const KnownEntities& known;
  Report* report;
  ComponentInventory out;

  // The release's own license (for files in it and the card): the single known effective key.
  std::optional<std::string> release_license;
  Evidence release_license_evidence;

  Component& C(std::string_view id) { return report->components[std::string(id)]; }

  void Present(std::string_view id, Evidence e) {
    Component& c = C(id);
    c.status = ComponentStatus::kPresent;
    for (const Evidence& have : c.evidence) {
      if (have == e) return;
    }
    if (c.evidence.size() < kMaxEvidencePerComponent) c.evidence.push_back(std::move(e));
  }

  // Present, under license (a key) with the evidence for that license.
  void PresentLicensed(std::string_view id, Evidence e, const std::optional<std::string>& license,
                       const std::optional<Evidence>& license_evidence) {
    Present(id, std::move(e));
    Component& c = C(id);
    if (license && !c.license) {
      c.license = *license;
      if (license_evidence) {
        bool seen = false;
        for (const Evidence& have : c.evidence) seen = seen || have == *license_evidence;
        if (!seen) c.evidence.push_back(*license_evidence);
      }
    }
  }

  // A part of the release itself: under the release's license.
  void OwnPart(std::string_view id, Evidence e) {
    PresentLicensed(
        id, std::move(e), release_license,
        release_license ? std::optional<Evidence>(release_license_evidence) : std::nullopt);
  }

  void KnownRepo(std::string_view id, const KnownRepository& r, Evidence where) {
    PresentLicensed(id, std::move(where), r.license,
                    KnownEvidence("known-repositories", r.url, r.source,
                                  r.name + " is published under " + r.license));
  }

  void Run() {
    ResolveReleaseLicense();
    Files();
    Weights();
    if (ev.card) Card(*ev.card);
    FinishStatuses();
    // Each repository once, in the order found.
    std::vector<std::string> unique;
    for (std::string& t : out.training_code) {
      if (std::find(unique.begin(), unique.end(), t) == unique.end())
        unique.push_back(std::move(t));
    }
    out.training_code = std::move(unique);
  }

  void ResolveReleaseLicense() {
    if (report->license.effective.size() != 1) return;
    const EffectiveLicense& e = report->license.effective.front();
    const LicenseKey* k = table.Find(e.key);
    if (k == nullptr || k->kind == LicenseKind::kUnknown) return;
    release_license = e.key;
    if (!report->license.declared.empty()) {
      release_license_evidence = report->license.declared.front().evidence;
    } else if (!report->license.detected.empty()) {
      release_license_evidence = report->license.detected.front().evidence;
    }
  }

  void Files() {
    for (const ReleaseFile& f : ev.release.files) {
      const std::string base = BaseName(f.path);
      const std::string dir = FirstDir(f.path);
      if (f.role == FileRole::kWeights) {
        const bool intermediate = dir.starts_with("step") || dir.starts_with("checkpoint-") ||
                                  dir.starts_with("checkpoint_") ||
                                  dir.starts_with("global_step") || dir.starts_with("ckpt");
        OwnPart(intermediate ? "model-parameters-intermediate" : "model-parameters-final",
                Evidence::InFile(f.path));
        continue;
      }
      if (base == "config.json" || base == "params.json") {
        OwnPart("model-architecture", Evidence::InFile(f.path));
        OwnPart("model-metadata", Evidence::InFile(f.path));
      } else if (base == "generation_config.json" || base == "model_index.json") {
        OwnPart("model-metadata", Evidence::InFile(f.path));
      } else if (base.ends_with(".pdf") && f.role != FileRole::kLicense) {
        OwnPart(base.find("report") != std::string::npos ? "technical-report" : "research-paper",
                Evidence::InFile(f.path));
      } else if (f.role == FileRole::kCode) {
        const bool modeling = base.starts_with("modeling_") || base.starts_with("modelling_") ||
                              base.starts_with("configuration_");
        if (base.starts_with("train") || base.starts_with("finetune") ||
            base.starts_with("fine_tune") || base.starts_with("pretrain") ||
            base.starts_with("sample_finetune") || base.starts_with("run_clm") ||
            base.starts_with("sft")) {
          OwnPart("training-code", Evidence::InFile(f.path));
          out.training_code.push_back(f.path);
        }
        if (base.starts_with("eval")) OwnPart("evaluation-code", Evidence::InFile(f.path));
        if (base.starts_with("preprocess") || base.starts_with("prepare_data") ||
            base.starts_with("data_prep") || base.starts_with("build_dataset")) {
          OwnPart("data-preprocessing-code", Evidence::InFile(f.path));
        }
        if (modeling) {
          OwnPart("model-architecture", Evidence::InFile(f.path));
          OwnPart("inference-code", Evidence::InFile(f.path));
        }
        if (base.starts_with("inference") || base.starts_with("generate") ||
            base.starts_with("predict") || base == "handler.py") {
          OwnPart("inference-code", Evidence::InFile(f.path));
        }
      }
    }
  }

  void Weights() {
    for (const WeightsHeader& w : ev.weights) {
      if (!w.gguf) continue;
      if (w.gguf->GetString("general.architecture")) {
        OwnPart("model-architecture", Evidence::InFile(w.path).WithKey("general.architecture"));
        OwnPart("model-metadata", Evidence::InFile(w.path).WithKey("general.architecture"));
      }
      if (w.gguf->Find("general.dataset.count")) {
        Present("datasets", Evidence::InFile(w.path).WithKey("general.dataset.count"));
        out.datasets.push_back("general.dataset.*");
        out.dataset_evidence.push_back(Evidence::InFile(w.path).WithKey("general.dataset.count"));
      }
    }
    // Published weights the harness vouches for (no files here): the parameters exist.
    if (report->weights.published == true &&
        C("model-parameters-final").status != ComponentStatus::kPresent) {
      Evidence e = report->weights.evidence.empty() ? Evidence{} : report->weights.evidence.front();
      OwnPart("model-parameters-final", std::move(e));
    }
  }

  // The innermost section holding a line.
  const CardSection* SectionOf(const ModelCard& card, int line) const {
    const CardSection* best = nullptr;
    for (const CardSection& s : card.sections) {
      if (s.line <= line && line <= s.end_line && (best == nullptr || s.level >= best->level)) {
        best = &s;
      }
    }
    return best;
  }

  // The headings of every section holding a line, lower case, joined.
  std::string HeadingsOf(const ModelCard& card, int line) const {
    std::string joined;
    for (const CardSection& s : card.sections) {
      if (s.line <= line && line <= s.end_line) joined += Lower(s.heading) + " / ";
    }
    return joined;
  }

  Evidence CardLine(const ModelCard& card, int line) const {
    Evidence e = Evidence::InFile(card.file, line);
    e.WithExcerpt(card.Line(line));
    return e;
  }

  Evidence LinkEvidence(const ModelCard& card, const CardLink& l) const {
    Evidence e = Evidence::InFile(card.file, l.line);
    e.url = l.url;
    e.WithExcerpt(card.Line(l.line));
    return e;
  }

  static bool IsDataHeading(std::string_view heading_lower) {
    return ContainsAny(heading_lower, {"training data", "training dataset", "pretraining data",
                                       "pre-training data", "datasets", "dataset", "data"}) &&
           !ContainsAny(heading_lower, {"evaluat", "benchmark", "limitation", "bias"});
  }
  static bool IsEvalHeading(std::string_view heading_lower) {
    return ContainsAny(heading_lower, {"evaluat", "benchmark", "results", "performance"});
  }

  void AddDataset(const std::string& name, Evidence where) {
    Present("datasets", where);
    if (std::find(out.datasets.begin(), out.datasets.end(), name) == out.datasets.end()) {
      out.datasets.push_back(name);
      out.dataset_evidence.push_back(where);
    }
  }

  void AddKnownDataset(const KnownDataset& d, Evidence where) {
    AddDataset(d.id, std::move(where));
    Component& c = C("datasets");
    const std::string what =
        d.name + " is published under " + d.license + (d.note.empty() ? "" : " (" + d.note + ")");
    Evidence lic = KnownEvidence("known-datasets", d.id, d.source, what);
    if (!c.license) {
      c.license = d.license;
    } else if (*c.license != d.license) {
      c.license = "other";  // several datasets under different terms
    }
    if (c.evidence.size() < kMaxEvidencePerComponent + 2) c.evidence.push_back(lic);
    for (const std::string& url : d.preprocessing) {
      if (const KnownRepository* r = known.RepositoryByUrl(url)) {
        Evidence e =
            KnownEvidence("known-datasets", d.id, d.source, d.name + " was built with " + r->name);
        e.url = "https://" + r->url;
        KnownRepo("data-preprocessing-code", *r, std::move(e));
      }
    }
  }

  void Card(const ModelCard& card) {
    const FrontMatter& fm = card.front_matter;
    OwnPart("model-card", Evidence::InFile(card.file, 1));
    if (fm.present) OwnPart("model-metadata", Evidence::InFile(card.file, fm.first_line));

    // Datasets from the front matter.
    for (const CardValue& d : fm.datasets) {
      Evidence e = Evidence::InFile(card.file, d.line).WithKey("datasets");
      e.WithExcerpt("datasets: " + d.value);
      if (const KnownDataset* k = known.FindDataset(d.value)) {
        AddKnownDataset(*k, std::move(e));
      } else {
        AddDataset(d.value, std::move(e));
      }
    }

    // Evaluation results and data from model-index.
    if (!fm.eval_results.empty()) {
      OwnPart("evaluation-results",
              Evidence::InFile(card.file, fm.model_index_line.value_or(fm.eval_results[0].line))
                  .WithKey("model-index"));
      for (const CardEvalResult& r : fm.eval_results) {
        if (r.dataset_type.empty() && r.dataset_name.empty()) continue;
        Evidence e = Evidence::InFile(card.file, r.line).WithKey("model-index");
        e.WithExcerpt("evaluated on " + (r.dataset_name.empty() ? r.dataset_type : r.dataset_name));
        Present("evaluation-data", std::move(e));
      }
    }

    // Library the card loads the model with: its architecture and inference code.
    std::optional<std::string> library;
    int library_line = 0;
    if (fm.library_name) {
      library = Lower(fm.library_name->value);
      library_line = fm.library_name->line;
    }
    if (!library) {
      const std::string text = Lower(card.text);
      size_t pos = text.find("from transformers import");
      if (pos == std::string::npos) pos = text.find("pip install transformers");
      if (pos != std::string::npos) {
        library = "transformers";
        library_line = LineOfOffset(card, pos);
      } else if ((pos = text.find("from diffusers import")) != std::string::npos) {
        library = "diffusers";
        library_line = LineOfOffset(card, pos);
      }
    }
    if (library && (*library == "transformers" || *library == "diffusers")) {
      if (const KnownRepository* r = known.RepositoryByUrl("github.com/huggingface/" + *library)) {
        Evidence e = CardLine(card, library_line);
        if (fm.library_name) e.key = "library_name";
        KnownRepo("inference-code", *r, e);
        KnownRepo("model-architecture", *r, e);
        KnownRepo("supporting-libraries", *r, e);
      }
    }

    // Sections.
    for (const CardSection& s : card.sections) {
      if (!s.filled) continue;
      const std::string h = Lower(s.heading);
      if (IsDataHeading(h) && s.own_filled) {
        out.data_described = true;
        OwnPart("data-card", CardLine(card, s.line));
        // Well-known datasets named in the section's own text.
        const std::string_view body = SectionText(card, s);
        for (const auto& m : known.FindDatasetPhrases(body)) {
          const int line = s.line + CountLines(body.substr(0, m.offset));
          AddKnownDataset(*m.entry, CardLine(card, line));
        }
      }
      if (IsEvalHeading(h) && !ContainsAny(h, {"data"})) {
        OwnPart("evaluation-results", CardLine(card, s.line));
      }
      if (ContainsAny(h, {"example output", "sample output", "example generation",
                          "sample generation", "examples"})) {
        OwnPart("sample-model-outputs", CardLine(card, s.line));
      }
      if (ContainsAny(h, {"technical report"})) OwnPart("technical-report", CardLine(card, s.line));
    }

    // Intermediate checkpoints published as revisions.
    {
      const std::string text = Lower(card.text);
      for (std::string_view marker :
           {"intermediate checkpoint", "revision=\"step", "revision='step", "revision=step",
            "checkpoints per model", "hosted on hugging face as branches"}) {
        const size_t pos = text.find(marker);
        if (pos != std::string::npos) {
          OwnPart("model-parameters-intermediate", CardLine(card, LineOfOffset(card, pos)));
          break;
        }
      }
    }

    // arXiv tags.
    for (const CardValue& t : fm.tags) {
      if (Lower(t.value).starts_with("arxiv:")) {
        Evidence e = Evidence::InFile(card.file, t.line).WithKey("tags");
        e.WithExcerpt(t.value);
        Present("research-paper", std::move(e));
      }
    }

    // Links.
    for (const CardLink& l : card.links) Link(card, l);
  }

  void Link(const ModelCard& card, const CardLink& l) {
    const std::string line = ProseOf(card.Line(l.line));
    const std::string text = ProseOf(l.text);
    const std::string headings = HeadingsOf(card, l.line);
    // A technical report: named so by the link, or by its line when the link is not a paper.
    const bool report_text = ContainsAny(text, {"technical report", "tech report"});
    const bool report_line = ContainsAny(line, {"technical report", "tech report"});
    if (report_text || (report_line && l.kind == LinkKind::kOther)) {
      if (l.kind == LinkKind::kPaper || l.kind == LinkKind::kOther) {
        Present("technical-report", LinkEvidence(card, l));
        return;
      }
    }
    switch (l.kind) {
      case LinkKind::kPaper:
        Present("research-paper", LinkEvidence(card, l));
        if (ContainsAny(text, {"datasheet", "data sheet"})) {
          Present("data-card", LinkEvidence(card, l));
        }
        break;
      case LinkKind::kDataset: {
        // A dataset linked where the card talks about training data.
        const bool training_context =
            ContainsAny(line, {"trained on", "train on", "pretrain", "pre-train", "training data",
                               "training set", "training corpus", "fine-tuned on", "finetuned on",
                               "training mix", "data mix"}) ||
            IsDataHeading(headings) || ContainsAny(headings, {"pretraining", "pre-training"});
        const bool eval_context = IsEvalHeading(headings) || ContainsAny(line, {"evaluat"});
        if (eval_context && !ContainsAny(line, {"train"})) {
          Present("evaluation-data", LinkEvidence(card, l));
        } else if (training_context) {
          if (const KnownDataset* k = known.FindDataset(l.url)) {
            AddKnownDataset(*k, LinkEvidence(card, l));
          } else {
            AddDataset(l.url, LinkEvidence(card, l));
          }
          Present("data-card", LinkEvidence(card, l));  // the dataset's own card on the Hub
        }
        break;
      }
      case LinkKind::kCodeRepository:
        CodeLink(card, l, line, text, headings);
        break;
      default:
        break;
    }
  }

  void CodeLink(const ModelCard& card, const CardLink& l, const std::string& line,
                const std::string& text, const std::string& headings) {
    std::string context = line + " " + text;
    // "post-training quantization" is not training.
    for (size_t at; (at = context.find("post-train")) != std::string::npos;) {
      context.replace(at, 10, "post-xxxxx");
    }
    const KnownRepository* r = known.FindRepository(l.url);
    Evidence where = LinkEvidence(card, l);
    const bool not_own = ContainsAnyOf(" " + context, kNotOwnCode);
    const bool code_home = ContainsAnyOf(context, kCodeHomeWords);
    if (r != nullptr) {
      if (r->LibraryOnly()) {
        KnownRepo("supporting-libraries", *r, where);
        return;
      }
      if (not_own) return;
      // A known repository counts for its roles when the card presents it as the model's code,
      // not in passing ("outperforms models trained with X").
      const bool eval_context =
          ContainsAny(context, {"evaluat", "benchmark"}) || IsEvalHeading(headings);
      const bool as_code = code_home || eval_context ||
                           ContainsAny(headings, {"source", "repositor", "software", "code"});
      if (!as_code) return;
      for (const std::string& role : r->roles) {
        if (role == "training-code") {
          // In an evaluation context a training repository is where results live, not how the
          // model was trained.
          if (eval_context && !code_home) continue;
          KnownRepo("training-code", *r, where);
          out.training_code.push_back(r->url);
        } else if (role == "evaluation-code") {
          // An evaluation harness counts as evaluation code; a training repository that also
          // evaluates counts only when the card links it for evaluation.
          if (r->roles.size() == 1 || eval_context) KnownRepo("evaluation-code", *r, where);
        } else {
          KnownRepo(role, *r, where);
        }
      }
      return;
    }
    if (not_own) return;
    // An unknown repository: its role comes from the words around the link.
    if (code_home && ContainsAnyOf(context, kTrainingWords)) {
      Present("training-code", where);
      out.training_code.push_back(GithubRepositoryOf(l.url).empty() ? l.url
                                                                    : GithubRepositoryOf(l.url));
    } else if (ContainsAny(context, {"evaluat", "benchmark harness"}) || IsEvalHeading(headings)) {
      Present("evaluation-code", where);
    } else if (ContainsAny(context, {"preprocess", "data processing", "data pipeline",
                                     "filtering code", "deduplicat"})) {
      Present("data-preprocessing-code", where);
    }
  }

  static std::string_view SectionText(const ModelCard& card, const CardSection& s) {
    if (card.line_starts.empty() || s.line < 1) return {};
    const size_t begin = static_cast<size_t>(s.line) < card.line_starts.size()
                             ? card.line_starts[static_cast<size_t>(s.line)]
                             : card.text.size();
    const size_t end = static_cast<size_t>(s.end_line) < card.line_starts.size()
                           ? card.line_starts[static_cast<size_t>(s.end_line)]
                           : card.text.size();
    if (begin >= end) return {};
    return std::string_view(card.text).substr(begin, end - begin);
  }

  static int CountLines(std::string_view s) {
    return 1 + static_cast<int>(std::count(s.begin(), s.end(), '\n'));
  }

  static int LineOfOffset(const ModelCard& card, size_t offset) {
    if (card.line_starts.empty()) return 1;
    auto it = std::upper_bound(card.line_starts.begin(), card.line_starts.end(), offset);
    return static_cast<int>(it - card.line_starts.begin());
  }

  void FinishStatuses() {
    const bool documented = ev.card.has_value();
    for (std::string_view id : kMofComponents) {
      Component& c = C(id);
      if (c.status != ComponentStatus::kPresent) {
        // The final parameters follow the weights: absent only when none are published.
        if (id == "model-parameters-final") {
          c.status = report->weights.published == false ? ComponentStatus::kAbsent
                                                        : ComponentStatus::kUnknown;
          continue;
        }
        c.status = documented ? ComponentStatus::kAbsent : ComponentStatus::kUnknown;
        if (documented && c.evidence.empty()) {
          Evidence e = Evidence::InFile(ev.card->file);
          e.WithExcerpt("neither the release files nor the model card contain or reference it");
          c.evidence.push_back(std::move(e));
        }
        continue;
      }
      if (c.license) {
        const MofComponentInfo* info = MofComponentByReportId(id);
        c.open = LicenseOpenFor(table, *c.license, info ? MofContentTypeName(info->type) : "data");
      }
    }
  }
};

}  // namespace

std::optional<bool> LicenseOpenFor(const LicenseTable& table, const std::string& key,
                                   std::string_view content_type) {
  const LicenseKey* k = table.Find(key);
  if (k == nullptr || k->kind == LicenseKind::kUnknown) return std::nullopt;
  if (content_type == "code") {
    return k->kind == LicenseKind::kOsi || k->kind == LicenseKind::kOpenModel;
  }
  return k->open();
}

ComponentInventory InventoryComponents(const ReleaseEvidence& ev, const LicenseTable& table,
                                       const KnownEntities& known, Report* report) {
  Inventory inv{ev, table, known, report, {}, std::nullopt, Evidence{}};
  inv.Run();
  return std::move(inv.out);
}

}  // namespace openness
