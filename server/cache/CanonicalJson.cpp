#include "cache/CanonicalJson.h"

#include "util/JsonEscape.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <vector>

namespace portico::cache
{

namespace
{

void write(const Poco::Dynamic::Var& value, std::string& out)
{
    if (value.isEmpty())
    {
        out.append("null");
    }
    else if (value.type() == typeid(Poco::JSON::Object::Ptr))
    {
        const Poco::JSON::Object::Ptr object = value.extract<Poco::JSON::Object::Ptr>();
        std::vector<std::string> names = object->getNames();
        std::sort(names.begin(), names.end());
        out.push_back('{');
        for (std::size_t i = 0; i < names.size(); ++i)
        {
            if (i > 0) out.push_back(',');
            out.push_back('"');
            util::appendJsonEscaped(names[i], out);
            out.append("\":");
            write(object->get(names[i]), out);
        }
        out.push_back('}');
    }
    else if (value.type() == typeid(Poco::JSON::Array::Ptr))
    {
        const Poco::JSON::Array::Ptr array = value.extract<Poco::JSON::Array::Ptr>();
        out.push_back('[');
        for (std::size_t i = 0; i < array->size(); ++i)
        {
            if (i > 0) out.push_back(',');
            write(array->get(static_cast<unsigned>(i)), out);
        }
        out.push_back(']');
    }
    else if (value.isString())
    {
        out.push_back('"');
        util::appendJsonEscaped(value.extract<std::string>(), out);
        out.push_back('"');
    }
    else if (value.isBoolean())
    {
        out.append(value.extract<bool>() ? "true" : "false");
    }
    else
    {
        out.append(value.toString()); // a number
    }
}

// POCO reads an integer beyond 64 bits without an error but wrapped (18446744073709551616 as 0),
// which would give such a body the key of another. True when text (outside its strings) holds an
// integer that neither a signed nor an unsigned 64-bit integer can hold.
bool holdsIntegerBeyond64Bits(std::string_view text)
{
    for (std::size_t at = 0; at < text.size();)
    {
        if (text[at] == '"')
        {
            for (++at; at < text.size() && text[at] != '"';)
                at += text[at] == '\\' ? 2 : 1;
            ++at;
            continue;
        }
        if (text[at] != '-' && (text[at] < '0' || text[at] > '9'))
        {
            ++at;
            continue;
        }
        const std::size_t begin = at;
        while (at < text.size() &&
               std::string_view("+-.0123456789eE").find(text[at]) != std::string_view::npos)
            ++at;
        const std::string_view number = text.substr(begin, at - begin);
        if (number.find_first_of(".eE") != std::string_view::npos) continue; // read as a double
        const char* const end = number.data() + number.size();
        std::int64_t signedValue = 0;
        std::uint64_t unsignedValue = 0;
        const bool fits = number.front() == '-'
                              ? std::from_chars(number.data(), end, signedValue).ec == std::errc()
                              : std::from_chars(number.data(), end, unsignedValue).ec == std::errc();
        if (!fits) return true;
    }
    return false;
}

} // namespace

bool canonicalJson(std::string_view text, std::string& out)
{
    out.clear();
    if (holdsIntegerBeyond64Bits(text)) return false;
    try
    {
        Poco::JSON::Parser parser;
        write(parser.parse(std::string(text)), out);
        return true;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

} // namespace portico::cache
