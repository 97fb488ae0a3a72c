// Fuzz target for the soap adapter's reply side, which reads untrusted upstream XML: the reply
// mapper (envelope checks, typed and untyped mapping, reply headers) and the fault mapper. Input:
//   byte 0   which route and operation (SoapFuzzCases)
//   byte 1   the HTTP status the reply came with (200, 500, 400 or 502: bits 0-1) and whether it
//            is an MTOM package (bit 2: Content-Type multipart/related, boundary "==b==")
//   rest     the reply body
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// every reply is answered with a status from 200 to 599; a 200 carries a JSON object (read by
// JsonSyntax.h: decimals keep all their digits, more than POCO's parser takes), and a problem a
// detail. The libFuzzer build also edits the body as XML (XmlMutator.h).

#include "JsonSyntax.h"
#include "SoapFuzzCases.h"
#ifdef PORTICO_FUZZ_MUTATORS
#include "XmlMutator.h"
#endif

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

#ifdef PORTICO_FUZZ_MUTATORS
// The reply body edited as XML (XmlMutator.h); the two selector bytes stay.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t maxSize,
                                               unsigned int seed)
{
    return portico::fuzz::mutateXml(data, size, maxSize, seed, 2);
}
#endif

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
        std::string error;
        if (!portico::fuzz::readJson(outcome.body, error))
            fail("a 200 whose body is not JSON: " + error + ": " + outcome.body, which);
        if (outcome.body[outcome.body.find_first_not_of(" \t\r\n")] != '{')
            fail("a 200 whose body is not a JSON object", which);
    }
    else if (outcome.detail.empty())
    {
        fail("a problem without a detail", which);
    }
    return 0;
}
