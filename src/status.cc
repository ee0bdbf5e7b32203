#include "openness/status.h"

namespace openness {

std::string Status::ToString() const {
  const char* name = "ok";
  switch (code_) {
    case Code::kOk: return "ok";
    case Code::kNotFound: name = "not found"; break;
    case Code::kInvalidArgument: name = "invalid argument"; break;
    case Code::kCorruption: name = "malformed"; break;
    case Code::kTooLarge: name = "too large"; break;
    case Code::kUnsupported: name = "unsupported"; break;
    case Code::kIOError: name = "i/o error"; break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace openness
