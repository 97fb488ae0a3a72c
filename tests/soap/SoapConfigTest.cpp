#include "soap/SoapConfig.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;

namespace
{

SoapConfig parsed(const std::string& children, const std::vector<std::string>& params = {})
{
    SoapConfig config;
    std::vector<std::string> errors;
    const bool ok =
        SoapConfig::parse("<adapter type=\"soap\">" + children + "</adapter>", params, config, errors);
    std::string text;
    for (const std::string& error : errors)
        text += error + "\n";
    CPPUNIT_ASSERT_MESSAGE(text, ok && errors.empty());
    return config;
}

std::vector<std::string> errorsOf(const std::string& children, const std::vector<std::string>& params = {})
{
    SoapConfig config;
    std::vector<std::string> errors;
    CPPUNIT_ASSERT_MESSAGE(children, !SoapConfig::parse("<adapter type=\"soap\">" + children + "</adapter>",
                                                        params, config, errors));
    CPPUNIT_ASSERT(!errors.empty());
    return errors;
}

std::string onlyError(const std::string& children, const std::vector<std::string>& params = {})
{
    const std::vector<std::string> errors = errorsOf(children, params);
    std::string all;
    for (const std::string& error : errors)
        all += error + " | ";
    CPPUNIT_ASSERT_EQUAL_MESSAGE(all, std::size_t(1), errors.size());
    return errors.front();
}

const std::string wsdl = "<wsdl>calc.wsdl</wsdl>";

} // namespace

class SoapConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SoapConfigTest);
    CPPUNIT_TEST(testEverything);
    CPPUNIT_TEST(testDefaults);
    CPPUNIT_TEST(testOperationParameter);
    CPPUNIT_TEST(testWithoutWsdl);
    CPPUNIT_TEST(testUnknownElementsAndAttributes);
    CPPUNIT_TEST(testBadValues);
    CPPUNIT_TEST(testWsSecurity);
    CPPUNIT_TEST(testFaults);
    CPPUNIT_TEST(testDurations);
    CPPUNIT_TEST(testDoctypeRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEverything()
    {
        const SoapConfig config = parsed(
            "<wsdl> wsdl/calculator.wsdl </wsdl><service>Calculator</service><port>CalculatorSoap12</port>"
            "<endpoint>https://calc.example.test:8443/calc.asmx</endpoint><operation>Add</operation>"
            "<version>1.2</version><wsSecurity username=\"u\" password=\" p \" type=\"PasswordDigest\"/>"
            "<timeout>10s</timeout><faults><fault code=\"NotFound\" status=\"404\"/>"
            "<fault detail=\"Conflict\" status=\"409\"/></faults>");
        CPPUNIT_ASSERT_EQUAL(std::string("wsdl/calculator.wsdl"), config.wsdl);
        CPPUNIT_ASSERT_EQUAL(std::string("Calculator"), config.service);
        CPPUNIT_ASSERT_EQUAL(std::string("CalculatorSoap12"), config.port);
        CPPUNIT_ASSERT_EQUAL(std::string("https://calc.example.test:8443/calc.asmx"), config.endpoint);
        CPPUNIT_ASSERT_EQUAL(std::string("Add"), config.operation);
        CPPUNIT_ASSERT_EQUAL(std::string(), config.operationParam);
        CPPUNIT_ASSERT(config.version == SoapVersion::Soap12);
        CPPUNIT_ASSERT(config.wsSecurity.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string(" p "),
                             config.wsSecurity->password); // attributes are taken as written
        CPPUNIT_ASSERT(config.wsSecurity->type == WsSecurityConfig::PasswordType::Digest);
        CPPUNIT_ASSERT_EQUAL(10000LL, static_cast<long long>(config.timeout.count()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), config.faults.size());
        CPPUNIT_ASSERT_EQUAL(std::string("NotFound"), config.faults[0].code);
        CPPUNIT_ASSERT_EQUAL(404, config.faults[0].status);
        CPPUNIT_ASSERT_EQUAL(std::string("Conflict"), config.faults[1].detail);
        CPPUNIT_ASSERT_EQUAL(409, config.faults[1].status);
    }

    void testDefaults()
    {
        const SoapConfig config = parsed(wsdl + "<wsSecurity username=\"u\" password=\"\"/>");
        CPPUNIT_ASSERT_EQUAL(30000LL, static_cast<long long>(config.timeout.count()));
        CPPUNIT_ASSERT(!config.version.has_value());
        CPPUNIT_ASSERT(config.wsSecurity->type == WsSecurityConfig::PasswordType::Text);
        CPPUNIT_ASSERT(config.faults.empty());
        CPPUNIT_ASSERT(config.endpoint.empty());
        CPPUNIT_ASSERT(config.operation.empty() && config.operationParam.empty());
    }

    void testOperationParameter()
    {
        const SoapConfig config = parsed(wsdl + "<operation>{operation}</operation>", {"operation"});
        CPPUNIT_ASSERT_EQUAL(std::string("operation"), config.operationParam);
        CPPUNIT_ASSERT_EQUAL(
            std::string("<operation>: the route path does not bind {op} (it binds: id, name)"),
            onlyError(wsdl + "<operation>{op}</operation>", {"id", "name"}));
        CPPUNIT_ASSERT_EQUAL(std::string("<operation>: the route path does not bind {op} (it binds: none)"),
                             onlyError(wsdl + "<operation>{op}</operation>"));
        CPPUNIT_ASSERT_EQUAL(std::string("<operation>: '{op' is neither an operation name nor {parameter}"),
                             onlyError(wsdl + "<operation>{op</operation>", {"op"}));
        CPPUNIT_ASSERT_EQUAL(std::string("<operation>: 'Add It' is not a valid operation name"),
                             onlyError(wsdl + "<operation>Add It</operation>"));
    }

    void testWithoutWsdl()
    {
        const SoapConfig config =
            parsed("<endpoint>http://legacy:8080/svc</endpoint><operation>Echo</operation>"
                   "<namespace>urn:legacy</namespace><soapAction></soapAction>");
        CPPUNIT_ASSERT(config.wsdl.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("urn:legacy"), config.ns);
        CPPUNIT_ASSERT(config.soapActionGiven);
        CPPUNIT_ASSERT_EQUAL(std::string(), config.soapAction);

        const std::vector<std::string> errors = errorsOf("<version>1.1</version>");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("<operation> is required without a <wsdl>"), errors[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("<endpoint> is required without a <wsdl>"), errors[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("<namespace> is required without a <wsdl>"), errors[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("<soapAction> is required without a <wsdl> (it may be empty)"),
                             errors[3]);
        CPPUNIT_ASSERT_EQUAL(std::string("<namespace> is only for routes without a <wsdl>"),
                             onlyError(wsdl + "<namespace>urn:x</namespace>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<soapAction> is only for routes without a <wsdl> (the WSDL gives it)"),
            onlyError(wsdl + "<soapAction>x</soapAction>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<port> needs a <wsdl>"),
            onlyError("<endpoint>http://h/</endpoint><operation>E</operation><namespace>urn:x</namespace>"
                      "<soapAction/><port>P</port>"));
    }

    void testUnknownElementsAndAttributes()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "unknown element <wsld> in <adapter> (expected <wsdl>, <service>, <port>, <endpoint>, "
                "<operation>, <version>, <wsSecurity>, <timeout>, <faults>, <namespace>, <soapAction> or "
                "<mtom>)"),
            errorsOf("<wsld>x</wsld>").front());
        CPPUNIT_ASSERT_EQUAL(std::string("unknown attribute 'cache' on <wsdl> (it takes none)"),
                             onlyError("<wsdl cache=\"1\">x</wsdl>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("unknown attribute 'realm' on <wsSecurity> (expected username, password or type)"),
            onlyError(wsdl + "<wsSecurity username=\"u\" password=\"p\" realm=\"r\"/>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("unknown attribute 'reason' on <fault> (expected code, detail or status)"),
            onlyError(wsdl + "<faults><fault code=\"X\" status=\"404\" reason=\"r\"/></faults>"));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown element <rule> in <faults> (expected <fault>)"),
                             onlyError(wsdl + "<faults><rule/></faults>"));
        CPPUNIT_ASSERT_EQUAL(std::string("duplicate <wsdl> in <adapter>"), onlyError(wsdl + wsdl));
        const std::vector<std::string> nested = errorsOf("<wsdl><file/></wsdl>");
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected element <file> in <wsdl> (it holds text only)"),
                             nested.front());
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected text in <adapter>"), onlyError(wsdl + "stray"));
        // The <adapter> element's own attributes are the plugin's to check: type, and strict.
        SoapConfig config;
        std::vector<std::string> errors;
        CPPUNIT_ASSERT(!SoapConfig::parse("<adapter type=\"soap\" kind=\"x\">" + wsdl + "</adapter>", {},
                                          config, errors));
        CPPUNIT_ASSERT_EQUAL(std::string("unknown attribute 'kind' on <adapter> (expected type or strict)"),
                             errors.at(0));
        errors.clear();
        CPPUNIT_ASSERT(!SoapConfig::parse("<adapter type=\"soap\" strict=\"maybe\">" + wsdl + "</adapter>",
                                          {}, config, errors));
        CPPUNIT_ASSERT(errors.at(0).find("'maybe'") != std::string::npos);
        CPPUNIT_ASSERT(SoapConfig::parse("<adapter type=\"soap\" strict=\"true\">" + wsdl + "</adapter>", {},
                                         config, errors));
        CPPUNIT_ASSERT(config.strict);
    }

    void testBadValues()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("<version>: '1.3' is not a SOAP version (1.1 or 1.2)"),
                             onlyError(wsdl + "<version>1.3</version>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<timeout>: '10' is not a positive duration such as 250ms, 10s or 2m"),
            onlyError(wsdl + "<timeout>10</timeout>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("<timeout>: '0s' is not a positive duration such as 250ms, 10s or 2m"),
            onlyError(wsdl + "<timeout>0s</timeout>"));
        CPPUNIT_ASSERT_EQUAL(std::string("<endpoint>: 'ftp://h/x' is not an http:// or https:// URL"),
                             onlyError(wsdl + "<endpoint>ftp://h/x</endpoint>"));
        CPPUNIT_ASSERT_EQUAL(std::string("<endpoint>: 'http://' is not an http:// or https:// URL"),
                             onlyError(wsdl + "<endpoint>http://</endpoint>"));
        CPPUNIT_ASSERT_EQUAL(std::string("<service> is empty"), onlyError(wsdl + "<service> </service>"));
    }

    void testWsSecurity()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("missing attribute 'username' on <wsSecurity>"),
                             onlyError(wsdl + "<wsSecurity password=\"p\"/>"));
        CPPUNIT_ASSERT_EQUAL(std::string("missing attribute 'password' on <wsSecurity>"),
                             onlyError(wsdl + "<wsSecurity username=\"u\"/>"));
        CPPUNIT_ASSERT_EQUAL(std::string("invalid value 'Digest' for 'type' on <wsSecurity>: expected one of "
                                         "PasswordText, PasswordDigest"),
                             onlyError(wsdl + "<wsSecurity username=\"u\" password=\"p\" type=\"Digest\"/>"));
    }

    void testFaults()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("<fault> needs code= or detail= (or both)"),
                             onlyError(wsdl + "<faults><fault status=\"404\"/></faults>"));
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "invalid value '200' for 'status' on <fault>: expected a whole number from 400 to 599"),
            onlyError(wsdl + "<faults><fault code=\"X\" status=\"200\"/></faults>"));
        CPPUNIT_ASSERT_EQUAL(std::string("missing attribute 'status' on <fault>"),
                             onlyError(wsdl + "<faults><fault code=\"X\"/></faults>"));
        const SoapConfig both =
            parsed(wsdl + "<faults><fault code=\"Client\" detail=\"Locked\" status=\"423\"/></faults>");
        CPPUNIT_ASSERT_EQUAL(std::string("Client"), both.faults[0].code);
        CPPUNIT_ASSERT_EQUAL(std::string("Locked"), both.faults[0].detail);
    }

    void testDurations()
    {
        // <timeout> follows the SDK's duration rules, the same as every duration of the gateway.
        CPPUNIT_ASSERT_EQUAL(
            1500LL, static_cast<long long>(parsed(wsdl + "<timeout>1500ms</timeout>").timeout.count()));
        CPPUNIT_ASSERT_EQUAL(120000LL,
                             static_cast<long long>(parsed(wsdl + "<timeout>2m</timeout>").timeout.count()));
        CPPUNIT_ASSERT_EQUAL(86400000LL,
                             static_cast<long long>(parsed(wsdl + "<timeout>1d</timeout>").timeout.count()));
        for (const char* bad : {"1.5s", "s", "10 s", "10S", "-1s", "99999999999999999999s"})
        {
            CPPUNIT_ASSERT_EQUAL(std::string("<timeout>: '") + bad +
                                     "' is not a positive duration such as 250ms, 10s or 2m",
                                 onlyError(wsdl + "<timeout>" + bad + "</timeout>"));
        }
    }

    void testDoctypeRefused()
    {
        SoapConfig config;
        std::vector<std::string> errors;
        CPPUNIT_ASSERT(!SoapConfig::parse(
            "<!DOCTYPE a [<!ENTITY e \"x\">]><adapter type=\"soap\">&e;</adapter>", {}, config, errors));
        CPPUNIT_ASSERT_EQUAL(
            std::string("the soap adapter's configuration: a DOCTYPE declaration is not allowed (DTDs and "
                        "entities are refused)"),
            errors.front());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SoapConfigTest, "soap");
