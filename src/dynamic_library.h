// Loading a shared library on first use instead of at process start (src/curl_api.cc,
// src/crypto_api.cc): the first of several names that dlopen finds, and its functions by name.
// The start-up time this saves is in docs/benchmarks.md.
#ifndef OPENNESS_SRC_DYNAMIC_LIBRARY_H_
#define OPENNESS_SRC_DYNAMIC_LIBRARY_H_

#include <dlfcn.h>

#include <initializer_list>
#include <string>

namespace openness {

/// The first library of names that dlopen loads (resolved now, symbols kept local), or nullptr.
/// The library stays loaded for the life of the process.
inline void* OpenFirstLibrary(std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)) return lib;
  }
  return nullptr;
}

/// Looks up one function of lib; on failure *error says "<library> has no <name>".
template <typename F>
bool BindFunction(void* lib, const char* library, const char* name, F* out, std::string* error) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  if (*out == nullptr) *error = std::string(library) + " has no " + name;
  return *out != nullptr;
}

}  // namespace openness

#endif  // OPENNESS_SRC_DYNAMIC_LIBRARY_H_
