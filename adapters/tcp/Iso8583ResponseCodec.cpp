#include "tcp/Iso8583ResponseCodec.h"

#include "tcp/Iso8583Message.h"

#include <Poco/JSONString.h>

namespace portico::tcp
{

Iso8583ResponseCodec::Iso8583ResponseCodec(std::shared_ptr<const Iso8583Spec> spec) : _spec(std::move(spec))
{
}

Answer Iso8583ResponseCodec::decode(std::string_view payload) const
{
    Iso8583Message message;
    std::string problem;
    if (!message.unpack(*_spec, payload, problem))
        return Answer::problem(502, "the peer's ISO 8583 reply cannot be read: " + problem);
    // Members of one object: the answer's body, or the problem's extension members.
    std::string members = "\"mti\":" + Poco::toJSON(message.mti, Poco::JSON_WRAP_STRINGS) + ",\"fields\":{";
    bool first = true;
    for (int number = 2; number <= Iso8583Spec::highestField; ++number)
    {
        const std::optional<std::string>& value = message.values[static_cast<std::size_t>(number)];
        if (!value) continue;
        members += (first ? "\"" : ",\"") + std::to_string(number) +
                   "\":" + Poco::toJSON(*value, Poco::JSON_WRAP_STRINGS);
        first = false;
    }
    members += "}";
    const std::optional<std::string>& code =
        message.values[static_cast<std::size_t>(_spec->responseCodeField)];
    const int status = _spec->statusFor(code ? &*code : nullptr);
    if (status < 400) return Answer::ok("application/json", "{" + members + "}");
    const std::string codeText = code ? *code : std::string();
    return Answer::problem(status,
                           code ? "the peer answered with response code " + codeText
                                : "the peer's reply carries no response code (field " +
                                      std::to_string(_spec->responseCodeField) + ")",
                           "{" + members +
                               ",\"responseCode\":" + Poco::toJSON(codeText, Poco::JSON_WRAP_STRINGS) + "}");
}

} // namespace portico::tcp
