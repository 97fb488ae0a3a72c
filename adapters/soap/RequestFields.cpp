#include "soap/RequestFields.h"

#include "soap/JsonValues.h"
#include "soap/XmlNames.h"

#include <Poco/Exception.h>
#include <portico/codec/JsonBodyParser.h>
#include <portico/codec/JsonIntegers.h>

#include <map>

namespace portico::soap
{

bool mergeRequestFields(const std::string& body, const NameValues& pathParams,
                        const std::string& selectorParam, const NameValues& queryParams,
                        Poco::JSON::Object::Ptr& fields, std::string& error)
{
    // JSON's whitespace is the same four characters as XML's.
    if (isXmlBlank(body))
    {
        fields = newObject();
    }
    else
    {
        // Poco's handler cannot hold a top-level scalar (it reports an "empty stack"), so anything
        // that does not start like an object or array is refused here, with a clearer message.
        const char first = trimXmlSpace(body).front();
        if (first != '{' && first != '[')
        {
            error = "the request body must be a JSON object";
            return false;
        }
        if (codec::holdsIntegerBeyond64Bits(body))
        {
            error = "the request body holds an integer beyond 64 bits, which cannot be read exactly";
            return false;
        }
        Poco::Dynamic::Var parsed;
        try
        {
            parsed = codec::jsonBodyParser(false).parse(body);
        }
        catch (const Poco::Exception& e)
        {
            error = "invalid JSON in the request body: " + e.displayText();
            return false;
        }
        catch (const std::exception& e)
        {
            error = std::string("invalid JSON in the request body: ") + e.what();
            return false;
        }
        fields = asJsonObject(parsed);
        if (!fields)
        {
            error = "the request body must be a JSON object, not " + describeJson(parsed);
            return false;
        }
    }

    for (const auto& [name, value] : pathParams)
    {
        if (name == selectorParam) continue;
        if (fields->has(name))
        {
            error = "field \"" + name + "\" is given both in the path and in the body";
            return false;
        }
        fields->set(name, value);
    }

    // Query parameters in order; a repeated name collects its values in an array.
    std::map<std::string, Poco::JSON::Array::Ptr> repeated;
    for (const auto& [name, value] : queryParams)
    {
        const auto found = repeated.find(name);
        if (found != repeated.end())
        {
            if (!found->second)
            {
                Poco::JSON::Array::Ptr values = newArray();
                values->add(fields->get(name));
                fields->set(name, values);
                found->second = values;
            }
            found->second->add(value);
            continue;
        }
        if (fields->has(name) || name == selectorParam)
        {
            error = "field \"" + name + "\" is given both as a query parameter and in the path or body";
            return false;
        }
        fields->set(name, value);
        repeated.emplace(name, nullptr);
    }
    return true;
}

} // namespace portico::soap
