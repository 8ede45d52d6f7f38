#pragma once

#include <string>

namespace perfwarden::testing {

// Well-formedness checks with libxml2's xmllint (Debian libxml2-utils, in .ci/install-deps).
inline constexpr const char* kXmllintMissing =
    "xmllint not found at /usr/bin/xmllint: install Debian's libxml2-utils (bash .ci/install-deps) "
    "to validate the XML";
bool xmllint_available();
// xmllint --noout's complaints about `xml`; empty when it is well-formed.
std::string xmllint_errors(const std::string& xml);

}  // namespace perfwarden::testing
