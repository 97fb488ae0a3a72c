#pragma once

// JSON text written straight into a string, for the reply path. Replies used to be built as a
// Poco::JSON::Object tree and then stringified through a std::ostream; writing the text directly
// gives the same bytes at a fraction of the cost. The output is exactly what Poco's condensed
// stringifier writes for the same members, so answers did not change: strings are escaped by
// Poco::toJSON itself whenever they hold a character it escapes, and members keep Poco::JSON's
// ordered-object rule (a name set twice keeps its first place and takes the last value).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::soap
{

// Appends text as a JSON string literal, quotes included.
void appendJsonString(std::string& out, std::string_view text);

// The members of one JSON object, in order of first setting. Values are JSON texts. Needed where
// a name can come twice (two attributes with one local name); members known to be unique can be
// written to the output directly.
class JsonObjectText
{
public:
    // value is JSON text (a literal, a number, an object, an array).
    void set(std::string name, std::string value);
    bool empty() const { return _members.empty(); }
    // Appends "{...}".
    void appendTo(std::string& out) const;
    // Appends the members without the braces ("a":1,"b":2), for an object whose other members
    // are written after them.
    void appendMembersTo(std::string& out) const;

private:
    std::vector<std::pair<std::string, std::string>> _members;
};

} // namespace portico::soap
