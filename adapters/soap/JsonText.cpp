#include "soap/JsonText.h"

#include <Poco/JSONString.h>

namespace portico::soap
{

namespace
{

// The characters Poco::toJSON escapes (without JSON_ESCAPE_UNICODE): controls, '"', '\\' and '/'.
bool needsEscaping(std::string_view text)
{
    for (const char c : text)
    {
        const unsigned char byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || c == '"' || c == '\\' || c == '/') return true;
    }
    return false;
}

} // namespace

void appendJsonString(std::string& out, std::string_view text)
{
    if (needsEscaping(text))
    {
        // Rare in replies: let Poco escape it, so the escapes are exactly the ones it writes.
        out += Poco::toJSON(std::string(text), Poco::JSON_WRAP_STRINGS);
        return;
    }
    out += '"';
    out += text;
    out += '"';
}

void JsonObjectText::set(std::string name, std::string value)
{
    for (auto& [existing, text] : _members)
    {
        if (existing == name)
        {
            text = std::move(value);
            return;
        }
    }
    _members.emplace_back(std::move(name), std::move(value));
}

void JsonObjectText::appendTo(std::string& out) const
{
    out += '{';
    appendMembersTo(out);
    out += '}';
}

void JsonObjectText::appendMembersTo(std::string& out) const
{
    bool first = true;
    for (const auto& [name, value] : _members)
    {
        if (!first) out += ',';
        first = false;
        appendJsonString(out, name);
        out += ':';
        out += value;
    }
}

} // namespace portico::soap
