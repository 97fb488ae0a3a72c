// Fuzz target for the soap adapter's reply side, which reads untrusted upstream XML: the reply
// mapper (envelope checks, typed and untyped mapping, reply headers) and the fault mapper. Input:
//   byte 0   which route and operation (the calculator's Add over SOAP 1.1 and 1.2, a service
//            whose replies hold arrays, nested types and dates, an untyped route, one with
//            fault rules, and open and polymorphic schemas: xsi:type on a derived type, xs:any
//            and xs:anyType, a .NET DataSet, base64Binary values for MTOM)
//   byte 1   the HTTP status the reply came with (200, 500, 400 or 502: bits 0-1) and whether it
//            is an MTOM package (bit 2: Content-Type multipart/related, boundary "==b==")
//   rest     the reply body
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// every reply is answered with a status from 200 to 599; a 200 carries a JSON object, and a
// problem a detail.

#include "soap/DocumentFetcher.h"
#include "soap/SoapConfig.h"
#include "soap/SoapRoute.h"

#include <Poco/JSON/Parser.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace
{

using portico::soap::SoapOperation;
using portico::soap::SoapRoute;

struct Case
{
    std::shared_ptr<const SoapRoute> route;
    std::shared_ptr<const SoapOperation> operation;
};

Case made(const std::string& children, const std::string& operationName = "")
{
    using namespace portico::soap;
    SoapConfig config;
    std::vector<std::string> errors, warnings;
    const std::vector<std::string> parameters =
        operationName.empty() ? std::vector<std::string>{} : std::vector<std::string>{"op"};
    if (!SoapConfig::parse("<adapter type=\"soap\">" + children + "</adapter>", parameters, config, errors))
    {
        std::fprintf(stderr, "SoapReplyFuzzer: configuration refused: %s\n",
                     errors.empty() ? "?" : errors[0].c_str());
        std::abort();
    }
    RouteInfo info{"fuzz", PORTICO_SOAP_FUZZ_DATA, parameters};
    Case result;
    result.route = SoapRoute::create(config, info, fileFetcher(), errors, warnings);
    if (!result.route)
    {
        std::fprintf(stderr, "SoapReplyFuzzer: route refused: %s\n",
                     errors.empty() ? "?" : errors[0].c_str());
        std::abort();
    }
    std::string detail;
    NameValues path;
    if (!operationName.empty()) path.emplace_back("op", operationName);
    result.operation = result.route->selectOperation(path, detail);
    if (!result.operation)
    {
        std::fprintf(stderr, "SoapReplyFuzzer: no operation: %s\n", detail.c_str());
        std::abort();
    }
    return result;
}

const std::vector<Case>& cases()
{
    static const std::vector<Case> all = {
        made("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>"),
        made("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation><version>1.2</version>"),
        made("<wsdl>wsdl/CountryInfoService.wsdl</wsdl><operation>{op}</operation>", "FullCountryInfo"),
        made("<endpoint>http://legacy.example.test/</endpoint><operation>Echo</operation>"
             "<namespace>urn:legacy</namespace><soapAction/>"),
        made("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Add</operation>"
             "<faults><fault code=\"NotFound\" status=\"404\"/><fault detail=\"Busy\" "
             "status=\"503\"/></faults>"),
        made("<wsdl>open.wsdl</wsdl><operation>{op}</operation>", "Ship"),
        made("<wsdl>open.wsdl</wsdl><operation>{op}</operation>", "Put"),
        made("<wsdl>wsdl/DailyInfo.wsdl</wsdl><operation>{op}</operation>", "GetCursOnDate"),
        made("<wsdl>open.wsdl</wsdl><operation>{op}</operation>", "Store"),
    };
    return all;
}

[[noreturn]] void fail(const std::string& property, std::size_t which)
{
    std::fprintf(stderr, "SoapReplyFuzzer: %s (case %zu)\n", property.c_str(), which);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2) return 0;
    const std::vector<Case>& all = cases();
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
