// libcurl, loaded when the first Hub client is made instead of at process start.
//
// libcurl pulls about thirty shared libraries (TLS, HTTP/2, IDN, Kerberos, LDAP, ...) into the
// process. Loading them costs more than a whole local audit, and only Hub audits need them, so
// src/hub_client.cc calls libcurl through this table, filled by dlopen on first use. Without
// libcurl on the machine, local audits work and a Hub audit says what to install.
#ifndef OPENNESS_SRC_CURL_API_H_
#define OPENNESS_SRC_CURL_API_H_

#define CURL_DISABLE_TYPECHECK  // the type-checking macros would hide the functions below
#include <curl/curl.h>

#include <string>

namespace openness {

struct CurlApi {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_pause) easy_pause;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_multi_init) multi_init;
  decltype(&::curl_multi_setopt) multi_setopt;
  decltype(&::curl_multi_add_handle) multi_add_handle;
  decltype(&::curl_multi_remove_handle) multi_remove_handle;
  decltype(&::curl_multi_perform) multi_perform;
  decltype(&::curl_multi_poll) multi_poll;
  decltype(&::curl_multi_info_read) multi_info_read;
  decltype(&::curl_multi_cleanup) multi_cleanup;
  decltype(&::curl_share_init) share_init;
  decltype(&::curl_share_setopt) share_setopt;
  decltype(&::curl_share_cleanup) share_cleanup;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
};

/// Loads libcurl (once; thread-safe) and runs curl_global_init. Returns nullptr, with the reason
/// in *error, when the library or one of its functions is missing.
const CurlApi* LoadCurl(std::string* error);

}  // namespace openness

#endif  // OPENNESS_SRC_CURL_API_H_
