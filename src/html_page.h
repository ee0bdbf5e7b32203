// The HTML page shell shared by the HTML report and the HTML comparison: one self-contained
// document with its stylesheet inline (screen, phone widths and print), a Content-Security-Policy
// that forbids scripts and every external request, and no fonts beyond the system's.
#ifndef OPENNESS_SRC_HTML_PAGE_H_
#define OPENNESS_SRC_HTML_PAGE_H_

#include <string>
#include <string_view>

namespace openness {

/// A complete HTML document. title is plain text (escaped here); body is markup the caller has
/// built with HtmlEscape around everything untrusted. Ends with a newline.
std::string HtmlDocument(std::string_view title, std::string_view body);

}  // namespace openness

#endif  // OPENNESS_SRC_HTML_PAGE_H_
