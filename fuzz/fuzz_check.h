// What the fuzz targets share: Check(condition) stops the run like a crash when an invariant
// the library promises does not hold, so libFuzzer keeps the input.
#ifndef OPENNESS_FUZZ_FUZZ_CHECK_H_
#define OPENNESS_FUZZ_FUZZ_CHECK_H_

namespace openness::fuzz {

inline void Check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace openness::fuzz

#endif  // OPENNESS_FUZZ_FUZZ_CHECK_H_
