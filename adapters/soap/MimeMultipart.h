#pragma once

// MIME multipart bodies (RFC 2046) and Content-Type values (RFC 2045), as far as MTOM/XOP
// packages need them (XopPackage): the parts of a body, each with its headers, and the parameters
// of a media type. Pure; thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::soap
{

// A Content-Type value: "multipart/related; boundary=\"b\"; start=\"<root>\"".
struct ContentType
{
    std::string mediaType;                                       // lower case
    std::vector<std::pair<std::string, std::string>> parameters; // names lower case, values unquoted

    // The value of a parameter (name in lower case), or nullptr.
    const std::string* parameter(std::string_view name) const;
};

ContentType parseContentType(std::string_view value);

// A parameter value as a quoted string, for a Content-Type built here.
std::string quotedParameter(std::string_view value);

struct MimePart
{
    std::string contentId;        // without its angle brackets, "" when absent
    std::string contentType;      // as written
    std::string transferEncoding; // lower case, "" when absent
    std::string_view content;     // into the body
};

// The parts of body between the delimiters of boundary. False with a reason when there are none,
// or the body ends before its close delimiter.
bool splitMultipart(std::string_view body, std::string_view boundary, std::vector<MimePart>& parts,
                    std::string& error);

} // namespace portico::soap
