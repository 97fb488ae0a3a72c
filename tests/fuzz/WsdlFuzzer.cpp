// Fuzz target for the soap adapter's WSDL and XSD loading, which reads what an operator (or the
// service's own URL) supplies: the WSDL reader, the schema loader and linker, the operation
// resolver, and what a loaded route builds from the model (its OpenAPI description, envelopes).
// Input:
//   byte 0   bit 0: strict="true" (an operation the adapter cannot map fails the route); bit 1: the
//            route names no operation (the binding's only one) instead of "{op}" (all of them);
//            bit 2: no <endpoint> (the port's address must be an http URL)
//   rest     the WSDL, served at the route's <wsdl> location. No network and no other file: an
//            import of any other location is refused, so a document can import only itself.
// Properties checked (abort with a message when one fails): no crash, sanitizer report, leak or
// hang (recursion in nested or cyclic schemas is bounded); the route is either created or refused
// with errors; a created route has an OpenAPI path item that is a JSON object (read by
// JsonSyntax.h: facet bounds keep all their digits, more than POCO's parser takes) with its "post"
// operation (none when the route's one operation is left out as unmappable), and every operation
// it serves builds a well-formed envelope from an empty request or refuses it with a 4xx or 5xx
// status and a detail. The libFuzzer build also edits the WSDL as XML (XmlMutator.h).

#include "JsonSyntax.h"
#include "soap/DocumentFetcher.h"
#include "soap/SoapConfig.h"
#include "soap/SoapRoute.h"
#ifdef PORTICO_FUZZ_MUTATORS
#include "XmlMutator.h"
#endif

#include <Poco/JSON/Object.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace
{

using namespace portico::soap;

[[noreturn]] void fail(const std::string& property)
{
    std::fprintf(stderr, "WsdlFuzzer: %s\n", property.c_str());
    std::abort();
}

constexpr const char* folder = "/fuzz";
constexpr const char* location = "/fuzz/service.wsdl";

SoapConfig configured(std::uint8_t flags, std::vector<std::string>& pathParameters)
{
    const bool strict = (flags & 1) != 0;
    const bool onlyOperation = (flags & 2) != 0;
    const bool endpoint = (flags & 4) == 0;
    if (!onlyOperation) pathParameters.emplace_back("op");
    const std::string xml = std::string("<adapter type=\"soap\"") + (strict ? " strict=\"true\"" : "") +
                            "><wsdl>service.wsdl</wsdl>" +
                            (onlyOperation ? "" : "<operation>{op}</operation>") +
                            (endpoint ? "<endpoint>http://service.test/soap</endpoint>" : "") + "</adapter>";
    SoapConfig config;
    std::vector<std::string> errors;
    if (!SoapConfig::parse(xml, pathParameters, config, errors))
        fail("the adapter refused its configuration: " +
             (errors.empty() ? std::string("?") : errors.front()));
    return config;
}

void checkOpenApi(const SoapRoute& route)
{
    const std::string pathItem = route.openApiPathItem("/soap/{op}");
    // A route of one operation the adapter cannot map serves nothing and describes nothing.
    const bool describes = !route.operations().empty() || !route.selectorParam().empty();
    std::string error;
    std::vector<std::string> members;
    if (!portico::fuzz::readJson(pathItem, error, &members))
        fail("an OpenAPI path item that is not JSON: " + error + ": " + pathItem);
    if (pathItem.front() != '{') fail("an OpenAPI path item that is not a JSON object: " + pathItem);
    if ((std::find(members.begin(), members.end(), "post") != members.end()) != describes)
        fail(std::string(describes ? "an OpenAPI path item without" : "an empty route with") +
             " a post operation: " + pathItem);
}

void checkEnvelopes(const SoapRoute& route)
{
    for (const SoapOperation* operation : route.operations())
    {
        Poco::JSON::Object fields;
        SoapCall call;
        int status = 0;
        std::string detail;
        if (!route.buildCall(*operation, fields, call, status, detail))
        {
            if (status < 400 || status > 599 || detail.empty())
                fail("operation '" + operation->name +
                     "' refused an empty request without a status and detail");
            continue;
        }
        pugi::xml_document envelope;
        if (!envelope.load_buffer(call.body.data(), call.body.size()))
            fail("operation '" + operation->name + "' built an envelope that is not XML");
    }
}

} // namespace

#ifdef PORTICO_FUZZ_MUTATORS
// The WSDL edited as XML (XmlMutator.h); the selector byte stays.
extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size, std::size_t maxSize,
                                               unsigned int seed)
{
    return portico::fuzz::mutateXml(data, size, maxSize, seed, 1);
}
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    const std::string wsdl(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<std::string> pathParameters;
    const SoapConfig config = configured(data[0], pathParameters);
    const FetchFunction fetch = [&wsdl](const std::string& wanted, std::string& text, std::string& error)
    {
        if (wanted != location)
        {
            error = "cannot read '" + wanted + "': only the route's own WSDL is served";
            return false;
        }
        text = wsdl;
        return true;
    };
    std::vector<std::string> errors, warnings;
    const std::shared_ptr<const SoapRoute> route =
        SoapRoute::create(config, RouteInfo{"fuzz", folder, pathParameters}, fetch, errors, warnings);
    if (!route)
    {
        if (errors.empty()) fail("a route refused without an error");
        return 0;
    }
    if (!errors.empty()) fail("a route created with errors: " + errors.front());
    checkOpenApi(*route);
    checkEnvelopes(*route);
    return 0;
}
