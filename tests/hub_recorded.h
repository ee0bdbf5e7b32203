// The recorded Hub: every recorded Hugging Face Hub answer in ../shared/corpus/hub-api and every
// corpus card folder in ../shared/corpus/cards, served by a FixtureHub (hub_fixture.h).
//
//   hf_api/model_info.*.json    the repo's /api/models/{id} answer, verbatim; its files come from
//                               the corpus card folder of the same Hub id, when there is one
//   hf_api/cassettes/*.yaml     Hub API interactions: a 3xx with a Location under /api/models/
//                               becomes a rename, a 200 model info a repo (when not already
//                               served); requests to other hosts (the Inference API) are not
//                               Hub API answers and are listed in `skipped`
//   hf_api/list_models*.json    GET /api/models, and with ?expand / ?expand[] the expanded item
//   cards/<family>/<model>/     a repo whose files are the folder's files (SOURCE.txt,
//                               FILE_LIST*.txt and hf_api_model.json are corpus bookkeeping, not
//                               repo files); its API answer is the folder's hf_api_model.json
//                               when it has one, else made like the Hub's: cardData from the
//                               README.md front matter, siblings from the files
//
// A folder is served under its Hub id (INDEX.csv hf_repo, or the id in hf_api_model.json); a
// folder without one, or whose id another folder already took, under corpus-<family>/<model>.
#ifndef OPENNESS_TESTS_HUB_RECORDED_H_
#define OPENNESS_TESTS_HUB_RECORDED_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hub_fixture.h"

namespace openness::testing {

struct RecordedRepo {
  std::string id;      ///< the id the fixture serves it under
  std::string origin;  ///< the recording or folder it comes from, relative to ../shared
  /// The recorded API answer (model_info, cassette or hf_api_model.json), when there is one.
  std::optional<nlohmann::json> recorded_info;
  /// The corpus card folder whose files the repo serves, when there is one.
  std::optional<std::filesystem::path> card_dir;
  std::vector<std::string> files;  ///< the files served from card_dir
};

struct RecordedHub {
  std::vector<RecordedRepo> repos;
  std::vector<std::pair<std::string, std::string>> renames;  ///< old id -> new id
  std::vector<std::string> responses;  ///< paths served verbatim (the list responses)
  std::vector<std::string> skipped;    ///< recorded requests that are not Hub API answers
  std::vector<std::string> errors;     ///< recordings that could not be read or understood

  const RecordedRepo* Find(const std::string& id) const;
};

/// Loads everything listed at the top of this file from shared (the ../shared folder) into hub.
RecordedHub LoadRecordedHub(const std::filesystem::path& shared, FixtureHub* hub);

/// A Markdown card's YAML front matter as the Hub's cardData (scalars typed as YAML 1.2 core
/// types: quoted text stays text), or null when there is none or it is not YAML.
nlohmann::json CardDataOf(const std::string& markdown);

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_HUB_RECORDED_H_
