#include "tcp/RequestFields.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <portico/codec/JsonIntegers.h>

namespace portico::tcp
{

namespace
{

bool blank(const std::string& text)
{
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

} // namespace

bool RequestFields::merge(const std::string& body, const NameValues& pathParams,
                          const std::function<bool(const std::string& name)>& isPathField,
                          const NameValues& queryParams, Poco::JSON::Object::Ptr& fields, std::string& error)
{
    fields = new Poco::JSON::Object;
    if (!blank(body))
    {
        if (codec::holdsIntegerBeyond64Bits(body))
        {
            error = "the request body holds an integer beyond 64 bits, which cannot be read exactly";
            return false;
        }
        Poco::Dynamic::Var parsed;
        try
        {
            parsed = Poco::JSON::Parser().parse(body);
        }
        catch (const Poco::Exception& e)
        {
            error = "the request body is not valid JSON: " + e.message();
            return false;
        }
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        {
            error = "the request body must be a JSON object";
            return false;
        }
        fields = parsed.extract<Poco::JSON::Object::Ptr>();
    }
    for (const auto& [name, value] : pathParams)
    {
        if (!isPathField(name))
        {
            continue;
        }
        if (fields->has(name))
        {
            error = "field '" + name + "' is given both in the path and in the body";
            return false;
        }
        fields->set(name, value);
    }
    std::vector<std::string> seenInQuery;
    for (const auto& [name, value] : queryParams)
    {
        for (const std::string& seen : seenInQuery)
        {
            if (seen == name)
            {
                error = "query parameter '" + name + "' is given more than once";
                return false;
            }
        }
        if (fields->has(name))
        {
            error = "field '" + name + "' is given both as a query parameter and in the path or body";
            return false;
        }
        seenInQuery.push_back(name);
        fields->set(name, value);
    }
    return true;
}

} // namespace portico::tcp
