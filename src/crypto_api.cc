#include "crypto_api.h"

#include "dynamic_library.h"

namespace openness {
namespace {

struct Loaded {
  CryptoApi api{};
  bool ok = false;
  std::string error;
};

template <typename F>
bool Bind(void* lib, const char* name, F* out, std::string* error) {
  return BindFunction(lib, "libcrypto", name, out, error);
}

Loaded Load() {
  Loaded l;
  void* lib = OpenFirstLibrary({"libcrypto.so.3", "libcrypto.so"});
  if (lib == nullptr) {
    l.error = "libcrypto is not installed (SHA-256 needs it; on Debian: apt-get install libssl3)";
    return l;
  }
  CryptoApi& a = l.api;
  std::string& e = l.error;
  l.ok = Bind(lib, "EVP_MD_CTX_new", &a.md_ctx_new, &e) &&
         Bind(lib, "EVP_MD_CTX_free", &a.md_ctx_free, &e) &&
         Bind(lib, "EVP_sha256", &a.sha256, &e) &&
         Bind(lib, "EVP_DigestInit_ex", &a.digest_init_ex, &e) &&
         Bind(lib, "EVP_DigestUpdate", &a.digest_update, &e) &&
         Bind(lib, "EVP_DigestFinal_ex", &a.digest_final_ex, &e);
  return l;  // the library stays loaded for the life of the process
}

}  // namespace

const CryptoApi* LoadCrypto(std::string* error) {
  static const Loaded loaded = Load();
  if (!loaded.ok) {
    *error = loaded.error;
    return nullptr;
  }
  return &loaded.api;
}

}  // namespace openness
