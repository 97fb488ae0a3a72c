#include "tcp/Iso8583RequestCodec.h"

#include "tcp/Iso8583Message.h"

#include <Poco/JSON/Object.h>
#include <portico/codec/JsonBodyParser.h>
#include <portico/codec/JsonIntegers.h>

#include <charconv>

namespace portico::tcp
{

namespace
{

// The field number a member name gives ("2" to "128"), or 0.
int fieldNumber(const std::string& name)
{
    int number = 0;
    const auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), number);
    if (error != std::errc() || end != name.data() + name.size() || name.size() > 3 || name[0] == '0')
        return 0;
    return number >= 2 && number <= Iso8583Spec::highestField ? number : 0;
}

bool valueText(const Poco::Dynamic::Var& var, const Iso8583Field& field, std::string& text,
               std::string& problem)
{
    if (var.isString())
    {
        text = var.extract<std::string>();
        return true;
    }
    if (field.type == Iso8583Field::Type::N && var.isInteger() && !var.isEmpty())
    {
        if (var.isSigned() && var.convert<Poco::Int64>() < 0)
        {
            problem = "a negative number";
            return false;
        }
        text = std::to_string(var.convert<Poco::UInt64>());
        return true;
    }
    problem = field.type == Iso8583Field::Type::N ? "must be a string of digits or a non-negative integer"
                                                  : "must be a string";
    return false;
}

} // namespace

Iso8583RequestCodec::Iso8583RequestCodec(std::shared_ptr<const Iso8583Spec> spec) : _spec(std::move(spec)) {}

std::string Iso8583RequestCodec::nextStan(std::size_t digits) const
{
    std::string stan = std::to_string(_stan.fetch_add(1, std::memory_order_relaxed) % 999999 + 1);
    if (stan.size() < digits) stan.insert(0, digits - stan.size(), '0');
    return stan;
}

bool Iso8583RequestCodec::encode(const RequestData& request, std::string& payload, std::string& problem) const
{
    std::string key;
    return encode(request, payload, key, problem);
}

bool Iso8583RequestCodec::encode(const RequestData& request, std::string& payload, std::string& key,
                                 std::string& problem) const
{
    // POCO would read such a number wrapped: an amount or a card number sent as another.
    if (codec::holdsIntegerBeyond64Bits(request.body))
    {
        problem = "the request body holds an integer beyond 64 bits, which cannot be read exactly";
        return false;
    }
    Poco::JSON::Object::Ptr body;
    try
    {
        const Poco::Dynamic::Var parsed =
            codec::jsonBodyParser(true).parse(request.body.empty() ? std::string("{}") : request.body);
        if (parsed.type() == typeid(Poco::JSON::Object::Ptr))
            body = parsed.extract<Poco::JSON::Object::Ptr>();
    }
    catch (const Poco::Exception& e)
    {
        problem = "the request body is not valid JSON: " + e.message();
        return false;
    }
    if (!body)
    {
        problem = "the request body must be a JSON object: {\"mti\":\"0200\",\"fields\":{\"2\":\"…\"}}";
        return false;
    }
    Iso8583Message message;
    message.mti = _spec->defaultMti;
    for (const auto& [name, value] : *body)
    {
        if (name == "mti")
        {
            if (!value.isString())
            {
                problem = "\"mti\" must be a string of four digits such as \"0200\"";
                return false;
            }
            message.mti = value.extract<std::string>();
        }
        else if (name != "fields")
        {
            problem = "unknown member \"" + name + "\" (expected \"mti\" and \"fields\")";
            return false;
        }
    }
    if (message.mti.empty())
    {
        problem = "\"mti\" is missing (and <iso8583 mti> gives none)";
        return false;
    }
    if (body->has("fields"))
    {
        Poco::JSON::Object::Ptr fields = body->getObject("fields");
        if (!fields)
        {
            problem =
                "\"fields\" must be an object of field numbers: {\"2\":\"4111111111111111\",\"4\":1000}";
            return false;
        }
        for (const auto& [name, value] : *fields)
        {
            const int number = fieldNumber(name);
            if (number == 0)
            {
                problem = "\"fields\": \"" + name + "\" is not a field number from 2 to 128";
                return false;
            }
            const Iso8583Field& field = _spec->fields[static_cast<std::size_t>(number)];
            if (!field.defined)
            {
                problem = "field " + name + " is not defined for this peer";
                return false;
            }
            std::string text;
            if (!valueText(value, field, text, problem))
            {
                problem = "field " + name + " (" + field.notation() + ") " + problem;
                return false;
            }
            message.values[static_cast<std::size_t>(number)] = std::move(text);
        }
    }
    key.clear();
    const int stan = _spec->stanField;
    if (stan <= 0) return message.pack(*_spec, payload, problem);
    const Iso8583Field& stanField = _spec->fields[static_cast<std::size_t>(stan)];
    std::optional<std::string>& value = message.values[static_cast<std::size_t>(stan)];
    if (!value) value = nextStan(stanField.size);
    if (!message.pack(*_spec, payload, problem)) return false;
    // The STAN as sent (pack() padded a short numeric one), which is how the reply carries it.
    key = *value;
    return Iso8583Message::normalise(stanField, key, problem);
}

} // namespace portico::tcp
