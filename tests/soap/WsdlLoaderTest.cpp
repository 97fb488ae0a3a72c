#include "SoapTestSupport.h"

#include "soap/ConfigError.h"
#include "soap/OperationResolver.h"
#include "soap/ScalarMapping.h"
#include "soap/WsdlLoader.h"

#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>

#include <filesystem>
#include <openssl/sha.h>

using namespace portico::soap;
using soaptest::dataPath;

namespace
{

std::shared_ptr<const WsdlModel> load(const std::string& relative)
{
    try
    {
        return WsdlLoader(fileFetcher()).load(dataPath(relative));
    }
    catch (const ConfigError& e)
    {
        CPPUNIT_FAIL(std::string("loading ") + relative + ": " + e.what());
    }
    return nullptr;
}

std::string loadError(const std::string& relative)
{
    try
    {
        WsdlLoader(fileFetcher()).load(dataPath(relative));
    }
    catch (const ConfigError& e)
    {
        return e.what();
    }
    CPPUNIT_FAIL(relative + " should not load");
    return std::string();
}

// Serves text at every location.
FetchFunction servedText(const std::string& text)
{
    return [text](const std::string&, std::string& out, std::string&)
    {
        out = text;
        return true;
    };
}

std::string errorLoading(const std::string& text)
{
    try
    {
        WsdlLoader(servedText(text)).load("memory.wsdl");
    }
    catch (const ConfigError& e)
    {
        return e.what();
    }
    CPPUNIT_FAIL("the text should not load");
    return std::string();
}

std::shared_ptr<const ServiceContract> contract(const std::shared_ptr<const WsdlModel>& wsdl,
                                                const PortSelection& selection = PortSelection())
{
    std::vector<std::string> errors;
    std::shared_ptr<const ServiceContract> result = OperationResolver::resolve(wsdl, selection, errors);
    CPPUNIT_ASSERT_MESSAGE(soaptest::joined(errors), result != nullptr);
    return result;
}

std::string contractError(const std::shared_ptr<const WsdlModel>& wsdl, const PortSelection& selection)
{
    std::vector<std::string> errors;
    CPPUNIT_ASSERT(OperationResolver::resolve(wsdl, selection, errors) == nullptr);
    CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
    return errors.front();
}

const ComplexType& typeOf(const SchemaSet& schemas, const std::string& ns, const std::string& element)
{
    const ElementDecl* decl = schemas.findElement(QName{ns, element});
    CPPUNIT_ASSERT_MESSAGE("no element " + element, decl != nullptr);
    CPPUNIT_ASSERT_MESSAGE("element " + element + " has no complex type", decl->complexType != nullptr);
    return *decl->complexType;
}

std::string elementNames(const ComplexType& type)
{
    std::string names;
    for (const ElementUse& use : type.elements)
        names += (names.empty() ? "" : ",") + use.decl->name;
    return names;
}

const ElementUse& use(const ComplexType& type, const std::string& name)
{
    const ElementUse* found = type.findElement(name);
    CPPUNIT_ASSERT_MESSAGE("no child element " + name + " in " + type.name, found != nullptr);
    return *found;
}

const std::string tempuri = "http://tempuri.org/";
const std::string shop = "urn:example:shop";

} // namespace

class WsdlLoaderTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(WsdlLoaderTest);
    CPPUNIT_TEST(testCopiesAreTheRecordedFiles);
    CPPUNIT_TEST(testCalculatorModel);
    CPPUNIT_TEST(testNumberConversionModel);
    CPPUNIT_TEST(testCountryInfoModel);
    CPPUNIT_TEST(testPortChoicePrefersSoap11);
    CPPUNIT_TEST(testPortChoiceErrors);
    CPPUNIT_TEST(testWsdlWithoutService);
    CPPUNIT_TEST(testImportsAcrossFiles);
    CPPUNIT_TEST(testRpcLiteral);
    CPPUNIT_TEST(testShopSchemaModel);
    CPPUNIT_TEST(testUnsupportedConstructsFailStrictRoutes);
    CPPUNIT_TEST(testUnsupportedOperationsAreLeftOutAndAnswer501);
    CPPUNIT_TEST(testListTypesBothWays);
    CPPUNIT_TEST(testUnionTypesBothWays);
    CPPUNIT_TEST(testDocumentErrors);
    CPPUNIT_TEST(testOperationChoiceErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCopiesAreTheRecordedFiles()
    {
        // The real WSDLs are kept byte for byte as published (provenance and hashes in
        // tests/data/soap/wsdl/SOURCES.md): an edit to make a test pass would show here.
        const std::pair<const char*, const char*> files[] = {
            {"wsdl/calculator.wsdl", "69a633ff1c4c98b244927d545e7977cdc99a1c7cd1c908c80492fffa806ff455"},
            {"wsdl/NumberConversion.wsdl",
             "de3fcdd461b703d107455381ac39aaead6d74506a5d59e62d13a76bc5713f0e0"},
            {"wsdl/CountryInfoService.wsdl",
             "a6a725f991b3120dc6bd5dc6cc699ce86ca98a446ace0b6497625f114e9ce7e2"},
            {"wsdl/DailyInfo.wsdl", "a3eb24151e0df1121b71eb0e609e2090fa7709d0a77d190eaedab382bf72e5b5"},
            {"wsdl/MapPoint.wsdl", "381db46b3819d98309ad1a08fd8d034cc522fbe45101dd86c535f1da409480ec"},
            {"wsdl/WSFSchedule.wsdl", "fa4fe1048ba3441ae721881a759cdb61c7da2d2b09e13f1b0bc7e05445c677c7"}};
        for (const auto& [file, expected] : files)
        {
            const std::string text = soaptest::readText(dataPath(file));
            unsigned char digest[SHA256_DIGEST_LENGTH];
            SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
            std::string hex;
            for (unsigned char byte : digest)
            {
                static const char digits[] = "0123456789abcdef";
                hex += digits[byte >> 4];
                hex += digits[byte & 15];
            }
            CPPUNIT_ASSERT_EQUAL_MESSAGE(file, std::string(expected), hex);
        }
    }

    void testCalculatorModel()
    {
        const auto wsdl = load("wsdl/calculator.wsdl");
        CPPUNIT_ASSERT_EQUAL(tempuri, wsdl->targetNamespace);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), wsdl->services.size());
        const WsdlService& service = wsdl->services.front();
        CPPUNIT_ASSERT_EQUAL(std::string("Calculator"), service.name.local);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), service.ports.size());
        CPPUNIT_ASSERT_EQUAL(std::string("http://www.dneonline.com/calculator.asmx"),
                             service.ports[0].address);
        CPPUNIT_ASSERT_EQUAL(std::string("http://www.dneonline.com/calculator.asmx"),
                             service.ports[1].address);

        CPPUNIT_ASSERT_EQUAL(std::size_t(2), wsdl->bindings.size());
        const WsdlBinding* soap11 = wsdl->findBinding(QName{tempuri, "CalculatorSoap"});
        const WsdlBinding* soap12 = wsdl->findBinding(QName{tempuri, "CalculatorSoap12"});
        CPPUNIT_ASSERT(soap11 && soap12);
        CPPUNIT_ASSERT(soap11->version == SoapVersion::Soap11);
        CPPUNIT_ASSERT(soap12->version == SoapVersion::Soap12);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), soap11->operations.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Add"), soap11->operations[0].name);
        CPPUNIT_ASSERT_EQUAL(std::string("http://tempuri.org/Add"), soap11->operations[0].soapAction);
        CPPUNIT_ASSERT_EQUAL(std::string("document"), soap11->operations[0].style);
        CPPUNIT_ASSERT_EQUAL(std::string("literal"), soap11->operations[0].input.use);
        CPPUNIT_ASSERT_EQUAL(std::string("http://tempuri.org/Divide"), soap12->operations[3].soapAction);

        const ComplexType& add = typeOf(*wsdl->schemas, tempuri, "Add");
        CPPUNIT_ASSERT_EQUAL(std::string("intA,intB"), elementNames(add));
        CPPUNIT_ASSERT_EQUAL(tempuri, add.elements[0].decl->ns); // elementFormDefault="qualified"
        CPPUNIT_ASSERT(add.elements[0].decl->simpleType->builtin == XsdBuiltin::Int);
        CPPUNIT_ASSERT_EQUAL(1u, add.elements[0].minOccurs);
        CPPUNIT_ASSERT_EQUAL(1u, add.elements[0].maxOccurs);

        const auto calculator = contract(wsdl);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), calculator->operations.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Add, Divide, Multiply, Subtract"), calculator->operationNames());
        for (const SoapOperation& operation : calculator->operations)
        {
            CPPUNIT_ASSERT_EQUAL(std::string(), operation.unsupported);
            CPPUNIT_ASSERT_EQUAL("http://tempuri.org/" + operation.name, operation.soapAction);
            CPPUNIT_ASSERT_EQUAL(operation.name, operation.requestWrapper->name);
            CPPUNIT_ASSERT_EQUAL(operation.name + "Response", operation.responseWrapper->name);
            CPPUNIT_ASSERT(!operation.rpc);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("Adds two integers. This is a test WebService. \xc2\xa9"
                                         "DNE Online"),
                             calculator->find("Add")->documentation);
    }

    void testNumberConversionModel()
    {
        const auto wsdl = load("wsdl/NumberConversion.wsdl");
        const auto numbers = contract(wsdl);
        CPPUNIT_ASSERT_EQUAL(std::string("NumberConversionSoap"), numbers->portName);
        CPPUNIT_ASSERT(numbers->version == SoapVersion::Soap11);
        CPPUNIT_ASSERT_EQUAL(std::string("https://www.dataaccess.com/webservicesserver/NumberConversion.wso"),
                             numbers->address);
        const SoapOperation* words = numbers->find("NumberToWords");
        CPPUNIT_ASSERT(words);
        CPPUNIT_ASSERT_EQUAL(std::string(), words->soapAction);
        const ComplexType& request = *words->requestWrapper->complexType;
        CPPUNIT_ASSERT_EQUAL(std::string("ubiNum"), elementNames(request));
        CPPUNIT_ASSERT(request.elements[0].decl->simpleType->builtin == XsdBuiltin::UnsignedLong);
        const SoapOperation* dollars = numbers->find("NumberToDollars");
        CPPUNIT_ASSERT(dollars->requestWrapper->complexType->elements[0].decl->simpleType->builtin ==
                       XsdBuiltin::Decimal);
        CPPUNIT_ASSERT_EQUAL(std::string("http://www.dataaccess.com/webservicesserver/"),
                             dollars->responseWrapper->complexType->elements[0].decl->ns);
        PortSelection soap12;
        soap12.version = SoapVersion::Soap12;
        CPPUNIT_ASSERT_EQUAL(std::string("NumberConversionSoap12"), contract(wsdl, soap12)->portName);
    }

    void testCountryInfoModel()
    {
        const auto wsdl = load("wsdl/CountryInfoService.wsdl");
        const auto countries = contract(wsdl);
        CPPUNIT_ASSERT_EQUAL(std::size_t(21), countries->operations.size());
        for (const SoapOperation& operation : countries->operations)
            CPPUNIT_ASSERT_EQUAL(operation.name + ": ", operation.name + ": " + operation.unsupported);

        const SoapOperation* continents = countries->find("ListOfContinentsByName");
        CPPUNIT_ASSERT(continents->requestWrapper->complexType->elements.empty()); // <xs:sequence/>
        const ElementUse& result =
            use(*continents->responseWrapper->complexType, "ListOfContinentsByNameResult");
        const ElementUse& item = use(*result.decl->complexType, "tContinent"); // ArrayOftContinent
        CPPUNIT_ASSERT_EQUAL(0u, item.minOccurs);
        CPPUNIT_ASSERT_EQUAL(unbounded, item.maxOccurs);
        CPPUNIT_ASSERT(item.decl->nillable);
        CPPUNIT_ASSERT_EQUAL(std::string("sCode,sName"), elementNames(*item.decl->complexType));

        const SoapOperation* full = countries->find("FullCountryInfo");
        const ElementUse& info = use(*full->responseWrapper->complexType, "FullCountryInfoResult");
        CPPUNIT_ASSERT_EQUAL(std::string("sISOCode,sName,sCapitalCity,sPhoneCode,sContinentCode,"
                                         "sCurrencyISOCode,sCountryFlag,Languages"),
                             elementNames(*info.decl->complexType));
        const ElementUse& grouped =
            use(*countries->find("ListOfCountryNamesGroupedByContinent")->responseWrapper->complexType,
                "ListOfCountryNamesGroupedByContinentResult");
        const ElementUse& group = use(*grouped.decl->complexType, "tCountryCodeAndNameGroupedByContinent");
        CPPUNIT_ASSERT_EQUAL(std::string("Continent,CountryCodeAndNames"),
                             elementNames(*group.decl->complexType));
    }

    void testPortChoicePrefersSoap11()
    {
        const auto wsdl = load("wsdl/calculator.wsdl");
        const auto preferred = contract(wsdl);
        CPPUNIT_ASSERT_EQUAL(std::string("CalculatorSoap"), preferred->portName);
        CPPUNIT_ASSERT_EQUAL(std::string("CalculatorSoap"), preferred->bindingName);
        CPPUNIT_ASSERT(preferred->version == SoapVersion::Soap11);

        PortSelection byVersion;
        byVersion.version = SoapVersion::Soap12;
        const auto soap12 = contract(wsdl, byVersion);
        CPPUNIT_ASSERT_EQUAL(std::string("CalculatorSoap12"), soap12->portName);
        CPPUNIT_ASSERT(soap12->version == SoapVersion::Soap12);

        PortSelection byPort;
        byPort.port = "CalculatorSoap12";
        CPPUNIT_ASSERT(contract(wsdl, byPort)->version == SoapVersion::Soap12);

        // A WSDL whose only binding is SOAP 1.2.
        const auto orders = contract(load("imports/service.wsdl"));
        CPPUNIT_ASSERT(orders->version == SoapVersion::Soap12);
        CPPUNIT_ASSERT_EQUAL(std::string("http://orders.example.test/soap12"), orders->address);
    }

    void testPortChoiceErrors()
    {
        const auto wsdl = load("wsdl/calculator.wsdl");
        PortSelection unknownPort;
        unknownPort.port = "Nope";
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "<port>: service 'Calculator' has no port 'Nope' (it has: CalculatorSoap, CalculatorSoap12)"),
            contractError(wsdl, unknownPort));
        PortSelection unknownService;
        unknownService.service = "Abacus";
        CPPUNIT_ASSERT_EQUAL(std::string("<service>: the WSDL has no service 'Abacus' (it has: Calculator)"),
                             contractError(wsdl, unknownService));
        PortSelection contradiction;
        contradiction.port = "CalculatorSoap";
        contradiction.version = SoapVersion::Soap12;
        SOAP_ASSERT_CONTAINS(contractError(wsdl, contradiction), "contradicts port 'CalculatorSoap'");
        PortSelection noSoap11;
        noSoap11.version = SoapVersion::Soap11;
        SOAP_ASSERT_CONTAINS(contractError(load("imports/service.wsdl"), noSoap11),
                             "service 'Orders' has no SOAP 1.1 port (SOAP ports: OrdersSoap12 (SOAP 1.2))");
    }

    void testWsdlWithoutService()
    {
        const auto wsdl = load("noservice.wsdl");
        const auto preferred = contract(wsdl);
        CPPUNIT_ASSERT_EQUAL(std::string("CalculatorSoap"),
                             preferred->bindingName); // listed second, SOAP 1.1
        CPPUNIT_ASSERT(preferred->version == SoapVersion::Soap11);
        CPPUNIT_ASSERT_EQUAL(std::string(), preferred->serviceName);
        CPPUNIT_ASSERT_EQUAL(std::string(), preferred->address);
        PortSelection soap12;
        soap12.version = SoapVersion::Soap12;
        CPPUNIT_ASSERT_EQUAL(std::string("CalculatorSoap12"), contract(wsdl, soap12)->bindingName);
        PortSelection port;
        port.port = "CalculatorSoap";
        CPPUNIT_ASSERT_EQUAL(
            std::string("the WSDL defines no service, so <service> and <port> cannot be used"),
            contractError(wsdl, port));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<endpoint> is required: the WSDL gives no address for the chosen port\n"),
            soaptest::routeErrors("<wsdl>noservice.wsdl</wsdl><operation>Add</operation>"));
        const auto route = soaptest::makeRoute(
            "<wsdl>noservice.wsdl</wsdl><operation>Add</operation><endpoint>http://h/calc</endpoint>");
        CPPUNIT_ASSERT(route->version() == SoapVersion::Soap11);
        CPPUNIT_ASSERT_EQUAL(std::string("http://h/calc"), route->endpoint());
    }

    void testImportsAcrossFiles()
    {
        const auto orders = contract(load("imports/service.wsdl"));
        const SoapOperation* get = orders->find("GetOrder");
        CPPUNIT_ASSERT(get);
        CPPUNIT_ASSERT_EQUAL(std::string(), get->unsupported);
        CPPUNIT_ASSERT_EQUAL(std::string("urn:example:orders/GetOrder"), get->soapAction);
        CPPUNIT_ASSERT_EQUAL(std::string("urn:example:orders:messages"), get->requestWrapper->ns);
        CPPUNIT_ASSERT_EQUAL(std::string("urn:example:orders:messages"),
                             get->requestWrapper->complexType->elements[0].decl->ns);

        // From ../schemas/orders.xsd (xs:import): unqualified locals, one qualified by form=.
        const ElementUse& order = use(*get->responseWrapper->complexType, "order");
        const ComplexType& orderType = *order.decl->complexType;
        CPPUNIT_ASSERT_EQUAL(std::string("id,status,line,reference"), elementNames(orderType));
        CPPUNIT_ASSERT_EQUAL(std::string(), use(orderType, "id").decl->ns);
        CPPUNIT_ASSERT_EQUAL(std::string("urn:example:orders"), use(orderType, "reference").decl->ns);

        // From common/order-common.xsd (xs:include of a chameleon schema).
        const SimpleType* status = use(orderType, "status").decl->simpleType;
        CPPUNIT_ASSERT(status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), status->enumeration.size());
        CPPUNIT_ASSERT_EQUAL(std::string("shipped"), status->enumeration[1]);
        const ElementUse& line = use(orderType, "line");
        CPPUNIT_ASSERT_EQUAL(unbounded, line.maxOccurs);
        CPPUNIT_ASSERT_EQUAL(std::string("sku,qty"), elementNames(*line.decl->complexType));
        const AttributeUse* number = line.decl->complexType->findAttribute("number");
        CPPUNIT_ASSERT(number && number->required);
        CPPUNIT_ASSERT(number->type->builtin == XsdBuiltin::Int);
        CPPUNIT_ASSERT(orders->wsdl->schemas->namedComplexTypes.count(QName{"urn:example:orders", "Line"}) ==
                       1);
    }

    void testRpcLiteral()
    {
        const auto geometry = contract(load("rpc.wsdl"));
        const SoapOperation* move = geometry->find("Move");
        CPPUNIT_ASSERT(move && move->rpc);
        CPPUNIT_ASSERT_EQUAL(std::string(), move->unsupported);
        CPPUNIT_ASSERT_EQUAL(std::string("Move"), move->requestWrapper->name);
        CPPUNIT_ASSERT_EQUAL(std::string("urn:example:geometry:rpc"), move->requestWrapper->ns);
        const ComplexType& request = *move->requestWrapper->complexType;
        CPPUNIT_ASSERT_EQUAL(std::string("point,dx,label"), elementNames(request));
        CPPUNIT_ASSERT_EQUAL(std::string(), request.elements[0].decl->ns);
        CPPUNIT_ASSERT_EQUAL(std::string("x,y"), elementNames(*request.elements[0].decl->complexType));
        CPPUNIT_ASSERT(request.elements[1].decl->simpleType->builtin == XsdBuiltin::Int);
        CPPUNIT_ASSERT_EQUAL(std::string("MoveResponse"), move->responseWrapper->name);
        CPPUNIT_ASSERT_EQUAL(std::string("moved,distance"),
                             elementNames(*move->responseWrapper->complexType));
    }

    void testShopSchemaModel()
    {
        const auto wsdl = load("shop.wsdl");
        const ComplexType& order = typeOf(*wsdl->schemas, shop, "PlaceOrder");
        CPPUNIT_ASSERT_EQUAL(std::string("customer,items,pickup,delivery,note,placed,tags"),
                             elementNames(order));
        CPPUNIT_ASSERT(order.findAttribute("channel"));

        // complexContent/extension: the base's elements and attributes first.
        const ComplexType& customer = *use(order, "customer").decl->complexType;
        CPPUNIT_ASSERT_EQUAL(std::string("name,address,vip,birthday"), elementNames(customer));
        CPPUNIT_ASSERT(customer.findAttribute("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("street,city,zip"),
                             elementNames(*use(customer, "address").decl->complexType));
        CPPUNIT_ASSERT_EQUAL(0u, use(customer, "birthday").minOccurs);

        // xs:choice: both alternatives in one group.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), order.choices.size());
        CPPUNIT_ASSERT(order.choices[0].required);
        CPPUNIT_ASSERT_EQUAL(0, use(order, "pickup").choice);
        CPPUNIT_ASSERT_EQUAL(0, use(order, "delivery").choice);
        CPPUNIT_ASSERT(use(order, "pickup").branch != use(order, "delivery").branch);
        CPPUNIT_ASSERT_EQUAL(-1, use(order, "note").choice);

        CPPUNIT_ASSERT(use(order, "note").decl->nillable);
        CPPUNIT_ASSERT(!use(order, "placed").decl->nillable);
        CPPUNIT_ASSERT_EQUAL(unbounded, use(order, "items").maxOccurs);
        CPPUNIT_ASSERT_EQUAL(5u, use(order, "tags").maxOccurs);
        CPPUNIT_ASSERT_EQUAL(0u, use(order, "tags").minOccurs);

        // Named simple types by restriction, and simpleContent with an attribute.
        const ComplexType& item = *use(order, "items").decl->complexType;
        const SimpleType& colour = *use(item, "colour").decl->simpleType;
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), colour.enumeration.size());
        CPPUNIT_ASSERT_EQUAL(std::string("xs:string"), colour.xsdName);
        CPPUNIT_ASSERT(use(item, "qty").decl->simpleType->builtin == XsdBuiltin::Int);
        const ComplexType& price = *use(item, "price").decl->complexType;
        CPPUNIT_ASSERT(price.textType && price.textType->builtin == XsdBuiltin::Decimal);
        CPPUNIT_ASSERT(price.elements.empty());
        CPPUNIT_ASSERT(price.findAttribute("currency")->required);

        const ComplexType& response = typeOf(*wsdl->schemas, shop, "PlaceOrderResponse");
        CPPUNIT_ASSERT(use(response, "comment").decl->complexType->mixed);
    }

    void testUnsupportedConstructsFailStrictRoutes()
    {
        const std::string strict = " strict=\"true\"";
        // The mappable operation of the same WSDL still works.
        soaptest::makeRoute("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Echo</operation>", {});
        std::vector<std::string> warnings;
        soaptest::makeRoute("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Echo</operation>", {},
                            warnings, strict);

        const std::string repeating = soaptest::routeErrors(
            "<wsdl>unsupported/constructs.wsdl</wsdl><operation>Repeating</operation>", {}, strict);
        SOAP_ASSERT_CONTAINS(repeating, "operation 'Repeating': a repeating xs:choice");
        SOAP_ASSERT_CONTAINS(repeating, "constructs.wsdl:22)");
        SOAP_ASSERT_CONTAINS(
            soaptest::routeErrors("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Encoded</operation>",
                                  {}, strict),
            "use=\"encoded\" (SOAP encoding) in operation 'Encoded' of binding 'OddSoap'");
        SOAP_ASSERT_CONTAINS(
            soaptest::routeErrors("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Restricted</operation>",
                                  {}, strict),
            "complexContent/restriction in type 'ArrayOfInt' (");

        const std::string errors = soaptest::routeErrors(
            "<wsdl>unsupported/constructs.wsdl</wsdl><operation>{op}</operation>", {"op"}, strict);
        SOAP_ASSERT_CONTAINS(errors, "a repeating xs:choice");
        SOAP_ASSERT_CONTAINS(errors, "use=\"encoded\"");
        SOAP_ASSERT_CONTAINS(errors, "complexContent/restriction");
        CPPUNIT_ASSERT(!soaptest::contains(errors, "'Echo'"));
        CPPUNIT_ASSERT(!soaptest::contains(errors, "'Listed'")); // xs:list is mapped
    }

    void testUnsupportedOperationsAreLeftOutAndAnswer501()
    {
        // Without strict, the operations that reach a construct the adapter cannot map are left
        // out, each with a warning; the others serve.
        std::vector<std::string> warnings;
        auto route = soaptest::makeRoute(
            "<wsdl>unsupported/constructs.wsdl</wsdl><operation>{op}</operation>", {"op"}, warnings);
        CPPUNIT_ASSERT_EQUAL(std::ptrdiff_t(3),
                             std::count_if(warnings.begin(), warnings.end(),
                                           [](const std::string& w)
                                           { return soaptest::contains(w, "is unavailable"); }));
        const std::map<std::string, std::string>& unavailable = route->unavailable();
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), unavailable.size());
        SOAP_ASSERT_CONTAINS(unavailable.at("Repeating"),
                             "a repeating xs:choice in anonymous type of element "
                             "'Repeating' (");
        SOAP_ASSERT_CONTAINS(unavailable.at("Repeating"), "constructs.wsdl:22)");
        SOAP_ASSERT_CONTAINS(unavailable.at("Restricted"),
                             "complexContent/restriction in type 'ArrayOfInt' (");
        SOAP_ASSERT_CONTAINS(soaptest::joined(warnings),
                             "operation 'Encoded' is unavailable (answered 501, left out of /openapi.json): "
                             "use=\"encoded\"");

        int status = 0;
        std::string detail;
        CPPUNIT_ASSERT(route->selectOperation({{"op", "Echo"}}, status, detail) != nullptr);
        CPPUNIT_ASSERT(route->selectOperation({{"op", "Repeating"}}, status, detail) == nullptr);
        CPPUNIT_ASSERT_EQUAL(501, status);
        SOAP_ASSERT_CONTAINS(
            detail, "operation 'Repeating' cannot be called through this gateway: a repeating xs:choice");
        CPPUNIT_ASSERT(route->selectOperation({{"op", "Nothing"}}, status, detail) == nullptr);
        CPPUNIT_ASSERT_EQUAL(404, status);

        const std::string openApi = route->openApiPathItem("/api/odd/{op}");
        SOAP_ASSERT_CONTAINS(openApi, "Echo");
        CPPUNIT_ASSERT(!soaptest::contains(openApi, "Repeating"));
        CPPUNIT_ASSERT(!soaptest::contains(openApi, "Restricted"));

        // A route fixed on an unmappable operation loads, and answers 501.
        auto fixed =
            soaptest::makeRoute("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Restricted</operation>");
        CPPUNIT_ASSERT(fixed->selectOperation({}, status, detail) == nullptr);
        CPPUNIT_ASSERT_EQUAL(501, status);
        SOAP_ASSERT_CONTAINS(
            detail,
            "operation 'Restricted' cannot be called through this gateway: complexContent/restriction");
    }

    void testListTypesBothWays()
    {
        // Listed's numbers is an xs:list of xs:int: a JSON array of numbers (or their text),
        // sent space-separated, each item checked; in OpenAPI an array of integers.
        auto route =
            soaptest::makeRoute("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Listed</operation>");
        std::string envelope, error;
        CPPUNIT_ASSERT_MESSAGE(
            error, soaptest::buildEnvelope(*route, "", R"({"numbers":[1,2,30]})", envelope, error));
        SOAP_ASSERT_CONTAINS(envelope, "<ns1:numbers>1 2 30</ns1:numbers>");
        CPPUNIT_ASSERT_MESSAGE(
            error, soaptest::buildEnvelope(*route, "", R"({"numbers":" 4  5 "})", envelope, error));
        SOAP_ASSERT_CONTAINS(envelope, "<ns1:numbers>4 5</ns1:numbers>");
        CPPUNIT_ASSERT_MESSAGE(error,
                               soaptest::buildEnvelope(*route, "", R"({"numbers":[]})", envelope, error));
        SOAP_ASSERT_CONTAINS(soaptest::requestError(*route, "", R"({"numbers":[1,"x"]})"),
                             "numbers: item 1: expected xs:int");
        SOAP_ASSERT_CONTAINS(soaptest::requestError(*route, "", R"({"numbers":{"a":1}})"),
                             "numbers: expected a list");
        // Replies: the items, typed, in a JSON array.
        const SimpleType& numbers =
            *route->operations().front()->requestWrapper->complexType->elements[0].decl->simpleType;
        std::string json, problem;
        CPPUNIT_ASSERT_MESSAGE(problem, lexicalToJsonText(" 1 2\n 30 ", numbers, json, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("[1,2,30]"), json);
        json.clear();
        CPPUNIT_ASSERT(!lexicalToJsonText("1 two", numbers, json, problem));
        SOAP_ASSERT_CONTAINS(problem, "expected xs:int");
        const std::string openApi = route->openApiPathItem("/listed");
        SOAP_ASSERT_CONTAINS(openApi,
                             R"("numbers":{"type":"array","items":{"type":"integer","format":"int32"}})");
    }

    void testUnionTypesBothWays()
    {
        // Either's limit is a union of xs:int and an enumerated word; when, of a date and "today"
        // (inline members). A value is the first member's that takes it.
        auto route =
            soaptest::makeRoute("<wsdl>unsupported/constructs.wsdl</wsdl><operation>Either</operation>");
        std::string envelope, error;
        CPPUNIT_ASSERT_MESSAGE(error, soaptest::buildEnvelope(
                                          *route, "", R"({"limit":5,"when":"2026-12-05"})", envelope, error));
        SOAP_ASSERT_CONTAINS(envelope, "<ns1:limit>5</ns1:limit><ns1:when>2026-12-05</ns1:when>");
        CPPUNIT_ASSERT_MESSAGE(
            error, soaptest::buildEnvelope(*route, "", R"({"limit":"all","when":"today"})", envelope, error));
        SOAP_ASSERT_CONTAINS(envelope, "<ns1:limit>all</ns1:limit><ns1:when>today</ns1:when>");
        CPPUNIT_ASSERT_EQUAL(std::string(R"(limit: expected one of xs:int, xs:string, got "some")"),
                             soaptest::requestError(*route, "", R"({"limit":"some"})"));
        SOAP_ASSERT_CONTAINS(soaptest::requestError(*route, "", R"({"limit":1,"when":"tomorrow"})"),
                             "when: expected one of xs:date, xs:string");
        // Replies take the first member whose lexical space holds the text.
        const auto& elements = route->operations().front()->requestWrapper->complexType->elements;
        std::string json, problem;
        CPPUNIT_ASSERT(lexicalToJsonText("42", *elements[0].decl->simpleType, json, problem));
        CPPUNIT_ASSERT(lexicalToJsonText("all", *elements[0].decl->simpleType, json, problem));
        CPPUNIT_ASSERT_EQUAL(std::string("42\"all\""), json);
        SOAP_ASSERT_CONTAINS(route->openApiPathItem("/either"),
                             R"("limit":{"anyOf":[{"type":"integer","format":"int32"},)");
    }

    void testDocumentErrors()
    {
        SOAP_ASSERT_CONTAINS(loadError("unsupported/doctype.wsdl"), "a DOCTYPE declaration is not allowed");
        SOAP_ASSERT_CONTAINS(loadError("unsupported/redefine.wsdl"), "xs:redefine is not supported (");
        SOAP_ASSERT_CONTAINS(loadError("unsupported/wsdl20.wsdl"), "WSDL 2.0");
        const std::string missing = loadError("no/such.wsdl");
        SOAP_ASSERT_CONTAINS(missing, "cannot read '");
        SOAP_ASSERT_CONTAINS(missing, "no/such.wsdl");
        SOAP_ASSERT_CONTAINS(loadError("imports/schemas/orders.xsd"), "is an XML Schema, not a WSDL");
        SOAP_ASSERT_CONTAINS(soaptest::routeErrors("<wsdl>unsupported/doctype.wsdl</wsdl>"), "<wsdl>: ");
        // Names and text end up in JSON, so they must be UTF-8 once read; a document that
        // declares another encoding is converted first (a name that is not UTF-8 once reached the
        // OpenAPI description as invalid JSON).
        const std::string definitions =
            "<definitions xmlns=\"http://schemas.xmlsoap.org/wsdl/\" "
            "targetNamespace=\"urn:x\">\n<message name=\"L\xE4nge\"/></definitions>";
        SOAP_ASSERT_CONTAINS(errorLoading(definitions),
                             "memory.wsdl:2: a name or text holds bytes that are not UTF-8");
        const std::string latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + definitions;
        CPPUNIT_ASSERT_EQUAL(std::string("L\xC3\xA4nge"),
                             WsdlLoader(servedText(latin1)).load("memory.wsdl")->messages.at(0).name.local);
    }

    void testOperationChoiceErrors()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string("<operation>: binding 'CalculatorSoap' has no operation 'Sum' (it has: Add, "
                        "Divide, Multiply, Subtract)\n"),
            soaptest::routeErrors("<wsdl>wsdl/calculator.wsdl</wsdl><operation>Sum</operation>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<operation> is required: binding 'CalculatorSoap' has several operations "
                        "(Add, Divide, Multiply, Subtract)\n"),
            soaptest::routeErrors("<wsdl>wsdl/calculator.wsdl</wsdl>"));
        // A WSDL with a single operation needs no <operation>.
        const auto orders = soaptest::makeRoute("<wsdl>imports/service.wsdl</wsdl>");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), orders->operations().size());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WsdlLoaderTest, "soap");
