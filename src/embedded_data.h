// Data files from data/, compiled into the library by cmake/embed_data.cmake.
#ifndef OPENNESS_SRC_EMBEDDED_DATA_H_
#define OPENNESS_SRC_EMBEDDED_DATA_H_

#include <string_view>
#include <vector>

namespace openness {

/// The bytes of data/<name>, or an empty view when there is no such file. Files in subfolders
/// are named by their relative path ("licenses/llama.yaml").
std::string_view EmbeddedData(std::string_view name);

/// The names of every embedded file, sorted.
std::vector<std::string_view> EmbeddedDataNames();

}  // namespace openness

#endif  // OPENNESS_SRC_EMBEDDED_DATA_H_
