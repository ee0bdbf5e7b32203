// Open-washing: sentences in which a model card calls the model itself open source.
//
// A claim is a sentence that describes this model as open source: "this open-source model",
// "X is an open source ... model", "we have open-sourced X", "the open source X", "a fully open
// model", or placing itself among open-source models ("the best open-source model", "among
// open-source models"). Not claims: comparisons ("outperforms open-source chat models", "better
// than other fully-open models"), "open model" / "open weights" wording, and the words used for
// other things ("the open-source community", "open-source benchmarks", "tools are open
// sourced"). AssessOpenness reports a claim as the open-washing finding when the release is not
// open source by OSAID 1.0.
#ifndef OPENNESS_OPEN_WASHING_H_
#define OPENNESS_OPEN_WASHING_H_

#include <string>
#include <string_view>
#include <vector>

#include "openness/model_card.h"

namespace openness {

struct OpennessClaim {
  int line = 0;          ///< card line where the sentence starts
  std::string sentence;  ///< the sentence, whitespace collapsed
  std::string phrase;    ///< the words that make it a claim ("this open-source model")
};

/// Claims in the card's prose (fenced code and HTML comments are skipped). names are the model's
/// own names (the release id, the card's title), matched case-insensitively. At most 10 claims.
std::vector<OpennessClaim> FindOpenSourceClaims(const ModelCard& card,
                                                const std::vector<std::string>& names);

/// Whether one sentence claims open source for the model; fills *phrase. Pure.
bool SentenceClaimsOpenSource(std::string_view sentence, const std::vector<std::string>& names,
                              std::string* phrase);

/// Sentences of a card's prose with their starting lines (fenced code, front matter and HTML
/// comments skipped; table cells and list items end sentences). Shared with lineage.
struct CardSentence {
  int line = 0;
  std::string text;
};
std::vector<CardSentence> CardSentences(const ModelCard& card, size_t max_sentences = 20000);

}  // namespace openness

#endif  // OPENNESS_OPEN_WASHING_H_
