#include "openness/limits.h"

namespace openness {

const Limits& DefaultLimits() {
  static const Limits kLimits;
  return kLimits;
}

}  // namespace openness
