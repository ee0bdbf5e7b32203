// OpenSSL's libcrypto, loaded on the first SHA-256 instead of at process start.
//
// libcrypto is large: linking it costs every run of openness its mapping and relocations
// (about a fifth of `openness license`'s start-up), while only --hash and the BOM serial
// numbers need a digest. src/hashing.cc calls it through this table, filled by dlopen on first
// use.
#ifndef OPENNESS_SRC_CRYPTO_API_H_
#define OPENNESS_SRC_CRYPTO_API_H_

#include <openssl/evp.h>

#include <string>

namespace openness {

struct CryptoApi {
  decltype(&::EVP_MD_CTX_new) md_ctx_new;
  decltype(&::EVP_MD_CTX_free) md_ctx_free;
  decltype(&::EVP_sha256) sha256;
  decltype(&::EVP_DigestInit_ex) digest_init_ex;
  decltype(&::EVP_DigestUpdate) digest_update;
  decltype(&::EVP_DigestFinal_ex) digest_final_ex;
};

/// Loads libcrypto (once; thread-safe). Returns nullptr, with the reason in *error, when the
/// library or one of its functions is missing.
const CryptoApi* LoadCrypto(std::string* error);

}  // namespace openness

#endif  // OPENNESS_SRC_CRYPTO_API_H_
