#include "curl_api.h"

#include "dynamic_library.h"

namespace openness {
namespace {

struct Loaded {
  CurlApi api{};
  bool ok = false;
  std::string error;
};

template <typename F>
bool Bind(void* lib, const char* name, F* out, std::string* error) {
  return BindFunction(lib, "libcurl", name, out, error);
}

Loaded Load() {
  Loaded l;
  void* lib = OpenFirstLibrary({"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"});
  if (lib == nullptr) {
    l.error = "libcurl is not installed (Hub audits need it; on Debian: apt-get install libcurl4)";
    return l;
  }
  CurlApi& a = l.api;
  std::string& e = l.error;
  l.ok = Bind(lib, "curl_global_init", &a.global_init, &e) &&
         Bind(lib, "curl_easy_init", &a.easy_init, &e) &&
         Bind(lib, "curl_easy_setopt", &a.easy_setopt, &e) &&
         Bind(lib, "curl_easy_getinfo", &a.easy_getinfo, &e) &&
         Bind(lib, "curl_easy_pause", &a.easy_pause, &e) &&
         Bind(lib, "curl_easy_cleanup", &a.easy_cleanup, &e) &&
         Bind(lib, "curl_easy_strerror", &a.easy_strerror, &e) &&
         Bind(lib, "curl_multi_init", &a.multi_init, &e) &&
         Bind(lib, "curl_multi_setopt", &a.multi_setopt, &e) &&
         Bind(lib, "curl_multi_add_handle", &a.multi_add_handle, &e) &&
         Bind(lib, "curl_multi_remove_handle", &a.multi_remove_handle, &e) &&
         Bind(lib, "curl_multi_perform", &a.multi_perform, &e) &&
         Bind(lib, "curl_multi_poll", &a.multi_poll, &e) &&
         Bind(lib, "curl_multi_info_read", &a.multi_info_read, &e) &&
         Bind(lib, "curl_multi_cleanup", &a.multi_cleanup, &e) &&
         Bind(lib, "curl_share_init", &a.share_init, &e) &&
         Bind(lib, "curl_share_setopt", &a.share_setopt, &e) &&
         Bind(lib, "curl_share_cleanup", &a.share_cleanup, &e) &&
         Bind(lib, "curl_slist_append", &a.slist_append, &e) &&
         Bind(lib, "curl_slist_free_all", &a.slist_free_all, &e);
  if (l.ok && a.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    l.ok = false;
    e = "libcurl could not be initialised";
  }
  return l;  // the library stays loaded for the life of the process
}

}  // namespace

const CurlApi* LoadCurl(std::string* error) {
  static const Loaded loaded = Load();
  if (!loaded.ok) {
    *error = loaded.error;
    return nullptr;
  }
  return &loaded.api;
}

}  // namespace openness
