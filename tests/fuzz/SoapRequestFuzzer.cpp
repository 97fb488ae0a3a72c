// Fuzz target for the soap adapter's request side, which reads untrusted client JSON: the request
// fields (body merged with path and query parameters) and the envelope built from them against
// the operation's schema. Input:
//   byte 0   which route and operation (SoapFuzzCases)
//   byte 1   bit 0: a query parameter "q=1" joins the fields; bit 1: "q" is given twice
//   rest     the request body (JSON)
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// refused fields say why; a built call carries a well-formed XML envelope, and a refused one a
// 4xx or 5xx status with a detail. The libFuzzer build also edits the body as JSON (JsonMutator.h).

#include "SoapFuzzCases.h"
#ifdef PORTICO_FUZZ_MUTATORS
#include "JsonMutator.h"
#endif

#include "soap/RequestFields.h"

#include <pugixml.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace
{

[[noreturn]] void fail(const std::string& property, std::size_t which)
{
    portico::fuzz::failProperty("SoapRequestFuzzer", property, which);
}

} // namespace

#ifdef PORTICO_FUZZ_MUTATORS
// The request body edited as JSON (JsonMutator.h); the two selector bytes stay.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t maxSize,
                                               unsigned int seed)
{
    return portico::fuzz::mutateJson(data, size, maxSize, seed, 2);
}
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace portico::soap;
    if (size < 2) return 0;
    const std::vector<portico::fuzz::SoapCase>& all = portico::fuzz::soapCases();
    const std::size_t which = data[0] % all.size();
    const portico::fuzz::SoapCase& chosen = all[which];
    const std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
    NameValues path, query;
    if (!chosen.operationName.empty()) path.emplace_back(chosen.selectorParam, chosen.operationName);
    if (data[1] & 1) query.emplace_back("q", "1");
    if (data[1] & 2) query.emplace_back("q", "2");

    Poco::JSON::Object::Ptr fields;
    std::string error;
    if (!mergeRequestFields(body, path, chosen.selectorParam, query, fields, error))
    {
        if (error.empty()) fail("fields refused without a reason", which);
        return 0;
    }
    if (fields.isNull()) fail("fields accepted but missing", which);
    SoapCall call;
    int status = 0;
    std::string detail;
    if (chosen.route->buildCall(*chosen.operation, *fields, call, status, detail))
    {
        pugi::xml_document envelope;
        const pugi::xml_parse_result parsed = envelope.load_buffer(call.body.data(), call.body.size());
        if (!parsed) fail(std::string("an envelope that is not XML: ") + parsed.description(), which);
        const std::string root = envelope.document_element().name();
        if (root.size() < 8 || root.compare(root.size() - 8, 8, "Envelope") != 0)
            fail("a call whose document is not an Envelope: " + root, which);
    }
    else if (status < 400 || status > 599 || detail.empty())
    {
        fail("a refused call without a 4xx/5xx status and a detail", which);
    }
    return 0;
}
