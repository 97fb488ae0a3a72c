// Fuzz target for the soap adapter's reply side, which reads untrusted upstream XML: the reply
// mapper (envelope checks, typed and untyped mapping, reply headers) and the fault mapper. Input:
//   byte 0   which route and operation (SoapFuzzCases)
//   byte 1   the HTTP status the reply came with (200, 500, 400 or 502: bits 0-1) and whether it
//            is an MTOM package (bit 2: Content-Type multipart/related, boundary "==b==")
//   rest     the reply body
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// every reply is answered with a status from 200 to 599; a 200 carries a JSON object, and a
// problem a detail.

#include "SoapFuzzCases.h"

#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <string>
#include <vector>

using portico::fuzz::soapCases;

namespace
{

[[noreturn]] void fail(const std::string& property, std::size_t which)
{
    portico::fuzz::failProperty("SoapReplyFuzzer", property, which);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2) return 0;
    const std::vector<portico::fuzz::SoapCase>& all = soapCases();
    const std::size_t which = data[0] % all.size();
    static const int statuses[] = {200, 500, 400, 502};
    const int status = statuses[data[1] % 4];
    const std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
    const bool mtom = (data[1] & 4) != 0;
    const auto outcome = all[which].route->mapReply(
        *all[which].operation, status, body,
        mtom ? "multipart/related; boundary=\"==b==\"; type=\"application/xop+xml\"; start=\"<root>\"" : "");
    if (outcome.status < 200 || outcome.status > 599) fail("a status out of range", which);
    if (outcome.ok())
    {
        try
        {
            const Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(outcome.body);
            if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
                fail("a 200 whose body is not a JSON object", which);
        }
        catch (const Poco::Exception& e)
        {
            fail("a 200 whose body is not JSON: " + e.message() + ": " + outcome.body, which);
        }
    }
    else if (outcome.detail.empty())
    {
        fail("a problem without a detail", which);
    }
    return 0;
}
