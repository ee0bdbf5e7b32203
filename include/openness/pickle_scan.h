// Pickle scan: which Python globals a PyTorch checkpoint would import when loaded.
//
// Never unpickles. A static walk over the opcodes (GLOBAL, STACK_GLOBAL, INST, REDUCE, ...) of
// every pickle stream in the file - the data.pkl members of a torch.save ZIP, or the legacy
// stream of pickles - lists the imports and classes them against a small safe list.
#ifndef OPENNESS_PICKLE_SCAN_H_
#define OPENNESS_PICKLE_SCAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "openness/byte_source.h"
#include "openness/limits.h"
#include "openness/status.h"

namespace openness {

enum class PickleContainer { kZip, kLegacy, kPlain };

/// kSafe: only globals on the safe list (torch storages, OrderedDict, ...).
/// kUnknown: globals outside the safe list that are not known to run code.
/// kDangerous: globals that run code or touch the system (os, subprocess, builtins.eval, ...).
enum class PickleRisk { kSafe, kUnknown, kDangerous };

std::string_view PickleRiskName(PickleRisk risk);  // "safe", "unknown", "dangerous"

struct PickleImport {
  std::string module;
  std::string name;
  std::string member;   ///< ZIP member holding the pickle, empty for plain files
  uint64_t offset = 0;  ///< opcode offset within that member's pickle stream
  PickleRisk risk = PickleRisk::kSafe;
};

struct PickleScan {
  PickleContainer container = PickleContainer::kPlain;
  std::vector<std::string> members;   ///< pickle members scanned (ZIP)
  std::vector<PickleImport> imports;  ///< distinct module.name pairs, first occurrence
  PickleRisk risk = PickleRisk::kSafe;  ///< the worst import
  uint64_t opcodes = 0;
};

/// Classifies one global.
PickleRisk ClassifyPickleGlobal(std::string_view module, std::string_view name);

/// Scans a .bin/.pt/.pth/.ckpt/.pkl file: a ZIP written by torch.save, or a raw pickle stream.
Status ScanPickleFile(ByteSource* src, const Limits& limits, PickleScan* out);

/// Walks one pickle byte stream (possibly several pickles back to back) and appends its imports.
Status ScanPickleStream(std::string_view bytes, std::string_view member, const Limits& limits,
                        PickleScan* out);

}  // namespace openness

#endif  // OPENNESS_PICKLE_SCAN_H_
