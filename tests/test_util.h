// Helpers shared by the tests: temporary folders, file writers, and the path of ../shared.
#ifndef OPENNESS_TESTS_TEST_UTIL_H_
#define OPENNESS_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#define ASSERT_OK(expr)                                \
  do {                                                 \
    const ::openness::Status _s = (expr);              \
    ASSERT_TRUE(_s.ok()) << _s.ToString();             \
  } while (0)
#define EXPECT_OK(expr)                                \
  do {                                                 \
    const ::openness::Status _s = (expr);              \
    EXPECT_TRUE(_s.ok()) << _s.ToString();             \
  } while (0)

namespace openness::testing {

/// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  /// Writes bytes to path()/rel (creating folders) and returns the full path.
  std::filesystem::path Write(std::string_view rel, std::string_view bytes) const;

 private:
  std::filesystem::path path_;
};

std::string ReadFileOrDie(const std::filesystem::path& path);

/// The repository root (for examples/ and fixtures).
std::filesystem::path SourceDir();

/// ../shared beside the repository, or nullopt when it is absent (corpus suites then skip).
std::optional<std::filesystem::path> SharedDir();

#define SKIP_WITHOUT_SHARED(var)                                                     \
  const auto var##_opt = ::openness::testing::SharedDir();                          \
  if (!var##_opt) GTEST_SKIP() << "../shared is absent: corpus suite skipped";      \
  const std::filesystem::path var = *var##_opt

}  // namespace openness::testing


#include <nlohmann/json.hpp>
#include <vector>

namespace openness::testing {

/// Every way a JSON report departs from ../shared/spec/report-contract.md (field present, type,
/// enumerated values). Empty when the report follows the contract.
std::vector<std::string> ContractViolations(const nlohmann::json& report);

/// Runs the openness binary with args; returns its exit status and fills stdout/stderr.
int RunOpenness(const std::string& args, std::string* out, std::string* err = nullptr);

}  // namespace openness::testing

#endif  // OPENNESS_TESTS_TEST_UTIL_H_
