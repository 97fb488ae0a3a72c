#include "SoapFuzzCases.h"

#include "soap/DocumentFetcher.h"
#include "soap/SoapConfig.h"

#include <cstdio>
#include <cstdlib>

namespace portico::fuzz
{

namespace
{

SoapCase made(const std::string& children, const std::string& operationName = "")
{
    using namespace portico::soap;
    SoapConfig config;
    std::vector<std::string> errors, warnings;
    const std::vector<std::string> parameters =
        operationName.empty() ? std::vector<std::string>{} : std::vector<std::string>{"op"};
    if (!SoapConfig::parse("<adapter type=\"soap\">" + children + "</adapter>", parameters, config, errors))
    {
        std::fprintf(stderr, "soap fuzz cases: configuration refused: %s\n",
                     errors.empty() ? "?" : errors[0].c_str());
        std::abort();
    }
    RouteInfo info{"fuzz", PORTICO_SOAP_FUZZ_DATA, parameters};
    SoapCase result;
    result.route = SoapRoute::create(config, info, fileFetcher(), errors, warnings);
    if (!result.route)
    {
        std::fprintf(stderr, "soap fuzz cases: route refused: %s\n",
                     errors.empty() ? "?" : errors[0].c_str());
        std::abort();
    }
    std::string detail;
    NameValues path;
    if (!operationName.empty()) path.emplace_back("op", operationName);
    result.operation = result.route->selectOperation(path, detail);
    if (!result.operation)
    {
        std::fprintf(stderr, "soap fuzz cases: no operation: %s\n", detail.c_str());
        std::abort();
    }
    result.selectorParam = result.route->selectorParam();
    result.operationName = operationName;
    return result;
}

} // namespace

const std::vector<SoapCase>& soapCases()
{
    static const std::vector<SoapCase> all = {
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

void failProperty(const char* target, const std::string& property, std::size_t which)
{
    std::fprintf(stderr, "%s: %s (case %zu)\n", target, property.c_str(), which);
    std::abort();
}

} // namespace portico::fuzz
