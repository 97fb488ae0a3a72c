#include "tcp/OpenApiDescription.h"

#include "tcp/Utf8.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

namespace portico::tcp
{

namespace
{

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr newObject()
{
    return new Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Object::Ptr fieldSchema(const FixedField& field)
{
    Object::Ptr schema = newObject();
    if (field.type == FixedField::Type::String)
    {
        schema->set("type", "string");
        schema->set("maxLength", static_cast<Poco::UInt64>(field.length));
    }
    else if (field.type == FixedField::Type::Int)
    {
        schema->set("type", "integer");
        if (field.length <= 18)
        {
            Poco::Int64 largest = 0;
            for (std::size_t i = 0; i < field.length; ++i)
            {
                largest = largest * 10 + 9;
            }
            schema->set("minimum", -(largest / 10)); // one character goes to the sign
            schema->set("maximum", largest);
        }
    }
    else
    {
        schema->set("type", "number");
        if (field.scale > 0)
        {
            schema->set("multipleOf", std::pow(10.0, -static_cast<double>(field.scale)));
        }
    }
    if (field.numeric() && field.pad != U'0')
    {
        schema->set("nullable", true); // an all-blank number reads as null
    }
    return schema;
}

Object::Ptr recordSchema(const RecordLayout& layout, const std::vector<std::string>& skip, bool forRequest)
{
    Object::Ptr schema = newObject();
    schema->set("type", "object");
    Object::Ptr properties = newObject();
    Array::Ptr required = new Array;
    for (const FixedField& field : layout.fields)
    {
        if (std::find(skip.begin(), skip.end(), field.name) != skip.end() || (forRequest && field.constant))
        {
            continue;
        }
        properties->set(field.name, fieldSchema(field));
        required->add(field.name);
    }
    schema->set("properties", properties);
    if (required->size() > 0)
    {
        schema->set("required", required);
    }
    if (forRequest)
    {
        schema->set("additionalProperties", false);
    }
    return schema;
}

Object::Ptr content(const std::string& mediaType, Object::Ptr schema)
{
    Object::Ptr media = newObject();
    media->set("schema", schema);
    Object::Ptr map = newObject();
    map->set(mediaType, media);
    return map;
}

Object::Ptr simpleSchema(const std::string& type)
{
    Object::Ptr schema = newObject();
    schema->set("type", type);
    return schema;
}

Object::Ptr problem(const std::string& description)
{
    Object::Ptr response = newObject();
    response->set("description", description);
    response->set("content", content("application/problem+json", simpleSchema("object")));
    return response;
}

Object::Ptr hl7Schema()
{
    Object::Ptr segment = newObject();
    segment->set("type", "object");
    Object::Ptr properties = newObject();
    properties->set("name", simpleSchema("string"));
    Object::Ptr fields = newObject();
    fields->set("type", "array");
    fields->set("items", simpleSchema("string"));
    properties->set("fields", fields);
    segment->set("properties", properties);
    Object::Ptr segments = newObject();
    segments->set("type", "array");
    segments->set("items", segment);
    Object::Ptr message = newObject();
    message->set("type", "object");
    Object::Ptr top = newObject();
    top->set("segments", segments);
    message->set("properties", top);
    return message;
}

// {"mti":"0200","fields":{"2":"…","4":"…"}}: the message type and the fields by number.
Object::Ptr iso8583Schema()
{
    Object::Ptr mti = simpleSchema("string");
    mti->set("pattern", "^[0-9]{4}$");
    Object::Ptr fields = newObject();
    fields->set("type", "object");
    fields->set("description",
                "the data elements by number (2 to 128); numeric ones as digits, binary ones in "
                "hexadecimal");
    fields->set("additionalProperties", simpleSchema("string"));
    Object::Ptr properties = newObject();
    properties->set("mti", mti);
    properties->set("fields", fields);
    Object::Ptr message = newObject();
    message->set("type", "object");
    message->set("properties", properties);
    return message;
}

bool takesBody(const std::string& method)
{
    return method == "POST" || method == "PUT" || method == "PATCH";
}

Object::Ptr operation(const TcpConfig& config, const std::string& method,
                      const std::vector<std::string>& pathParameters)
{
    Object::Ptr op = newObject();
    op->set("summary", "an exchange with the legacy TCP service at " + config.endpoint.text());
    Array::Ptr parameters = new Array;
    const RecordLayout* requestLayout =
        config.request.kind == CodecConfig::Kind::Fixed ? &config.request.layout : nullptr;
    for (const std::string& name : pathParameters)
    {
        Object::Ptr parameter = newObject();
        parameter->set("name", name);
        parameter->set("in", "path");
        parameter->set("required", true);
        const FixedField* field = requestLayout != nullptr ? requestLayout->find(name) : nullptr;
        parameter->set("schema", field != nullptr ? fieldSchema(*field) : simpleSchema("string"));
        parameters->add(parameter);
    }
    if (requestLayout != nullptr && !takesBody(method))
    {
        for (const FixedField& field : requestLayout->fields)
        {
            if (field.constant ||
                std::find(pathParameters.begin(), pathParameters.end(), field.name) != pathParameters.end())
            {
                continue;
            }
            Object::Ptr parameter = newObject();
            parameter->set("name", field.name);
            parameter->set("in", "query");
            parameter->set("required", true);
            parameter->set("schema", fieldSchema(field));
            parameters->add(parameter);
        }
    }
    op->set("parameters", parameters);
    if (takesBody(method))
    {
        Object::Ptr body = newObject();
        body->set("required", config.request.kind != CodecConfig::Kind::Fixed);
        body->set("content",
                  requestLayout != nullptr
                      ? content("application/json", recordSchema(*requestLayout, pathParameters, true))
                  : config.request.kind == CodecConfig::Kind::Iso8583
                      ? content("application/json", iso8583Schema())
                      : content("text/plain", simpleSchema("string")));
        op->set("requestBody", body);
    }
    Object::Ptr ok = newObject();
    ok->set("description", "the peer's reply");
    switch (config.response.kind)
    {
    case CodecConfig::Kind::Fixed:
        ok->set("content", content("application/json", recordSchema(config.response.layout, {}, false)));
        break;
    case CodecConfig::Kind::Hl7v2:
        ok->set("content", content("application/json", hl7Schema()));
        break;
    case CodecConfig::Kind::Iso8583:
        ok->set("content", content("application/json", iso8583Schema()));
        break;
    case CodecConfig::Kind::Text:
        ok->set("content", content("text/plain", simpleSchema("string")));
        break;
    }
    Object::Ptr responses = newObject();
    responses->set("200", ok);
    responses->set("400", problem("a value the record cannot hold"));
    responses->set("502", problem("the peer is unreachable, or its reply is bad or an error"));
    responses->set("504", problem("the peer did not answer in time"));
    op->set("responses", responses);
    return op;
}

} // namespace

std::string OpenApiDescription::pathItem(const TcpConfig& config, const std::vector<std::string>& methods,
                                         const std::vector<std::string>& pathParameters, const std::string&)
{
    const auto hasSchema = [](CodecConfig::Kind kind)
    { return kind == CodecConfig::Kind::Fixed || kind == CodecConfig::Kind::Iso8583; };
    if (!hasSchema(config.request.kind) && !hasSchema(config.response.kind))
    {
        return "";
    }
    Object::Ptr item = newObject();
    const std::vector<std::string> described = methods.empty() ? std::vector<std::string>{"POST"} : methods;
    for (const std::string& method : described)
    {
        std::string lower = method;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        item->set(lower, operation(config, method, pathParameters));
    }
    std::ostringstream text;
    item->stringify(text);
    return text.str();
}

} // namespace portico::tcp
