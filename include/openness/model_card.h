// Model card: the YAML front matter and the Markdown structure of README.md / MODEL_CARD.md.
//
// Every value keeps the 1-based line it came from in the card file, so reports can cite it.
// Front matter is parsed leniently (like huggingface_hub's ignore_metadata_errors): a broken
// YAML block is recorded in front_matter_error and the Markdown is still read.
#ifndef OPENNESS_MODEL_CARD_H_
#define OPENNESS_MODEL_CARD_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

/// A scalar from the front matter with the card line it sits on.
struct CardValue {
  std::string value;
  int line = 0;
};

/// One structured evaluation result from model-index.
struct CardEvalResult {
  std::string task_type;
  std::string dataset_type;
  std::string dataset_name;
  std::string metric_type;
  std::string metric_value;  ///< as written ("20.0 ± 1.2" stays text)
  int line = 0;
};

struct FrontMatter {
  bool present = false;
  int first_line = 0;  ///< line of the opening ---
  int last_line = 0;   ///< line of the closing ---
  std::vector<CardValue> license;  ///< string or list
  std::optional<CardValue> license_name;
  std::optional<CardValue> license_link;
  std::vector<CardValue> base_model;  ///< string or list (a list means a merge)
  std::optional<CardValue> base_model_relation;
  std::vector<CardValue> datasets;
  std::vector<CardValue> tags;
  std::vector<CardValue> language;
  std::optional<CardValue> pipeline_tag;
  std::optional<CardValue> library_name;
  std::optional<CardValue> extra_gated_prompt;  ///< present when the card sets up a gate
  std::optional<int> model_index_line;          ///< line of the model-index key
  std::vector<CardEvalResult> eval_results;
  std::vector<CardValue> keys;  ///< every top-level key with its line
};

enum class LinkKind { kCodeRepository, kPaper, kDataset, kModel, kOther };
std::string_view LinkKindName(LinkKind kind);  // "code-repository", "paper", "dataset", ...

struct CardLink {
  std::string url;
  std::string text;  ///< the link text (or the URL for autolinks)
  LinkKind kind = LinkKind::kOther;
  int line = 0;
};

struct CardSection {
  std::string heading;  ///< text of the heading, without #s and a trailing " [optional]"
  int level = 0;        ///< 1 for #, 2 for ##, ...
  int line = 0;         ///< line of the heading
  int end_line = 0;     ///< last line before the next heading of the same or higher level
  /// False when the body is empty or only the template placeholder "[More Information Needed]".
  /// The body is the whole span up to end_line, subsections included (their headings are not
  /// content); a "Label: [More Information Needed]" line and HTML comments count as empty.
  bool filled = false;
  /// Like filled, but only the section's own text, up to the next heading of any level.
  bool own_filled = false;
};

struct ModelCard {
  std::string file;  ///< path of the card relative to the release root
  FrontMatter front_matter;
  Status front_matter_error;  ///< ok, or what was wrong with the YAML block (with its line)
  std::vector<CardSection> sections;
  std::vector<CardLink> links;
  std::string text;  ///< the whole card, for later stages (clause search, open-washing)
  /// Byte offset in text where each line starts (set by ParseModelCard; Line() walks text when
  /// it is empty).
  std::vector<size_t> line_starts;

  /// The section whose heading matches name case-insensitively (ignoring level), or nullptr.
  const CardSection* FindSection(std::string_view name) const;
  /// Text of 1-based line n ("" when out of range).
  std::string_view Line(int n) const;
};

/// Classifies a URL: github/gitlab/bitbucket/codeberg repositories are code, arxiv/doi/aclanthology
/// and PDFs are papers, huggingface.co/datasets are datasets, other huggingface.co/<org>/<name>
/// links are models.
LinkKind ClassifyLink(std::string_view url);

/// Parses card text. Returns an error only when the card cannot be read at all (over the size
/// limit); YAML problems go to out->front_matter_error. Everything in *out is reset except
/// out->file, which names the card in messages ("README.md" when empty).
Status ParseModelCard(std::string_view text, const Limits& limits, ModelCard* out);

}  // namespace openness

#endif  // OPENNESS_MODEL_CARD_H_
