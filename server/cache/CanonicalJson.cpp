#include "cache/CanonicalJson.h"

#include "util/JsonEscape.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <portico/codec/JsonIntegers.h>

#include <algorithm>
#include <string_view>
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

} // namespace

bool canonicalJson(std::string_view text, std::string& out)
{
    out.clear();
    // POCO would read it wrapped, giving such a body the key of another.
    if (codec::holdsIntegerBeyond64Bits(text)) return false;
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
