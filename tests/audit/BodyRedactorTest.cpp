// The audit log's body redactor: each case compares the whole output, byte for byte, so that both
// what is masked and what is left alone are checked. JSON at any depth and whatever the value,
// escapes in names and values, names spelled differently, bodies cut short inside a value or a
// name; XML with prefixes, nesting, attributes, CDATA and a SOAP envelope; forms; bodies left
// unchanged.

#include "audit/BodyRedactor.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace portico::audit;

namespace
{

std::string redacted(const std::string& body)
{
    std::string out;
    BodyRedactor(BodyRedactor::defaultNames()).redact(body, out);
    return out;
}

} // namespace

class BodyRedactorTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BodyRedactorTest);
    CPPUNIT_TEST(testJsonFlat);
    CPPUNIT_TEST(testJsonNested);
    CPPUNIT_TEST(testJsonObjectAndArrayValues);
    CPPUNIT_TEST(testJsonEscapedQuotes);
    CPPUNIT_TEST(testJsonEscapedName);
    CPPUNIT_TEST(testJsonNameSpellings);
    CPPUNIT_TEST(testJsonConfiguredNames);
    CPPUNIT_TEST(testJsonMatchingValueLeftAlone);
    CPPUNIT_TEST(testJsonTruncatedInValue);
    CPPUNIT_TEST(testJsonTruncatedInName);
    CPPUNIT_TEST(testXmlPrefixes);
    CPPUNIT_TEST(testXmlNesting);
    CPPUNIT_TEST(testXmlAttributes);
    CPPUNIT_TEST(testXmlCdataCommentsAndInstructions);
    CPPUNIT_TEST(testXmlTruncatedInElement);
    CPPUNIT_TEST(testSoapEnvelope);
    CPPUNIT_TEST(testForm);
    CPPUNIT_TEST(testFormTruncated);
    CPPUNIT_TEST(testPlainTextUnchanged);
    CPPUNIT_TEST(testEmptyBody);
    CPPUNIT_TEST(testDefaultNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testJsonFlat()
    {
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"user":"alice","password":"***","remember":true})"),
                             redacted(R"({"user":"alice","password":"s3cret","remember":true})"));
        // Spaces around the colon are kept; numbers and literals become the string too.
        CPPUNIT_ASSERT_EQUAL(
            std::string("{ \"pin\" : \"***\" ,\n  \"cvv\":\"***\", \"ssn\":\"***\", \"amount\": 10.5 }"),
            redacted("{ \"pin\" : 1234 ,\n  \"cvv\":null, \"ssn\":false, \"amount\": 10.5 }"));
    }

    void testJsonNested()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"order":{"id":7,"payment":{"cvv":"***","type":"visa"}},"items":[{"token":"***"},{"sku":"x"}]})"),
            redacted(
                R"({"order":{"id":7,"payment":{"cvv":"123","type":"visa"}},"items":[{"token":null},{"sku":"x"}]})"));
        // A top-level array.
        CPPUNIT_ASSERT_EQUAL(std::string(R"([{"api_key":"***"},{"api_key":"***"}])"),
                             redacted(R"([{"api_key":"k1"},{"api_key":"k2"}])"));
    }

    void testJsonObjectAndArrayValues()
    {
        // Brackets and quotes inside strings of the masked value do not end it early.
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"secret":"***","tokens":1,"token":"***","n":2})"),
            redacted(R"({"secret":{"a":"}","b":[1,{"c":"]"},[]]},"tokens":1,"token":["x","y\"]}"],"n":2})"));
    }

    void testJsonEscapedQuotes()
    {
        // In a value: \" and \\ do not end the string.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"password":"***","x":"\"}"})"),
                             redacted(R"({"password":"a\"b\\\"c\\","x":"\"}"})"));
        // In a name: the name is note":"password, which is not password, and its quotes do not
        // start a member; "pass\"word" is not password either.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"note\":\"password":"keep","pass\"word":"keep"})"),
                             redacted(R"({"note\":\"password":"keep","pass\"word":"keep"})"));
    }

    void testJsonEscapedName()
    {
        // Names are compared unescaped: \u0077 is 'w', \u005F is '_'.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"pass\u0077ord":"***","card\u005Fnumber":"***"})"),
                             redacted(R"({"pass\u0077ord":"x","card\u005Fnumber":"4111"})"));
    }

    void testJsonNameSpellings()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"({"cardNumber":"***","Card-Number":"***","CARD_NUMBER":"***","card_numbers":"4111","card":"4111"})"),
            redacted(
                R"({"cardNumber":"4111","Card-Number":"4111","CARD_NUMBER":4111,"card_numbers":"4111","card":"4111"})"));
    }

    void testJsonConfiguredNames()
    {
        // Names given in any spelling; empty ones are ignored rather than matching the name "".
        const BodyRedactor redactor({"X-Session_Id", "", "__"});
        std::string out;
        redactor.redact(R"({"xSessionID":"abc","":"keep","password":"keep"})", out);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"xSessionID":"***","":"keep","password":"keep"})"), out);
    }

    void testJsonMatchingValueLeftAlone()
    {
        const std::string body =
            R"({"field":"password","password_hint":"token","list":["secret","pin"],"pins":{"a":"cvv"}})";
        CPPUNIT_ASSERT_EQUAL(body, redacted(body));
    }

    void testJsonTruncatedInValue()
    {
        // Cut inside the value: masked to the cut, the mask closed as a string, nothing after.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":1,"password":"***")"),
                             redacted(R"({"a":1,"password":"sec)"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"a":1,"password":"***")"),
                             redacted(R"({"a":1,"password":"se\)"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"card":{"pan":"***")"),
                             redacted(R"({"card":{"pan":[4111,{"x":"1)"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"pin":"***")"), redacted(R"({"pin":12)"));
        // Cut after the colon: there is no value yet, so nothing to hide.
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"pin": )"), redacted(R"({"pin": )"));
    }

    void testJsonTruncatedInName()
    {
        for (const std::string body : {R"({"a":1,"passw)", R"({"a":1,"password")", R"({"a":1,"password" )",
                                       R"({"a":"x\"password)", R"({"a":1,"pass\)"})
            CPPUNIT_ASSERT_EQUAL(body, redacted(body));
    }

    void testXmlPrefixes()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(<ns:Login xmlns:ns="urn:x"><ns:User>al</ns:User><ns:Password>***</ns:Password></ns:Login>)"),
            redacted(
                R"(<ns:Login xmlns:ns="urn:x"><ns:User>al</ns:User><ns:Password>pw</ns:Password></ns:Login>)"));
        CPPUNIT_ASSERT_EQUAL(std::string("<ns:CardNumber>***</ns:CardNumber>"),
                             redacted("<ns:CardNumber>4111</ns:CardNumber>"));
        // A prefix only counts before the local name: <pan:x> is not <pan>, and <panel> is not <pan>.
        const std::string unnamed = "<r><pan:x>1</pan:x><panel>2</panel></r>";
        CPPUNIT_ASSERT_EQUAL(unnamed, redacted(unnamed));
    }

    void testXmlNesting()
    {
        // Nested elements of the same name are counted; the whole outer content is masked.
        CPPUNIT_ASSERT_EQUAL(std::string("<r><secret>***</secret><after>d</after></r>"),
                             redacted("<r><secret><secret>a</secret><b>c</b></secret><after>d</after></r>"));
        // A self-closing one of the same name does not nest.
        CPPUNIT_ASSERT_EQUAL(std::string("<token>***</token>y"),
                             redacted("<token><token a=\">\"/>x</token>y"));
        // A named element deep inside others; self-closing and empty ones are unchanged.
        CPPUNIT_ASSERT_EQUAL(std::string("<a><b><pin>***</pin></b><pin/><pin x=\"1\" /><pin></pin></a>"),
                             redacted("<a><b><pin>12</pin></b><pin/><pin x=\"1\" /><pin></pin></a>"));
        // Content with markup of other names.
        CPPUNIT_ASSERT_EQUAL(std::string("<iban kind=\"de\">***</iban>\n"),
                             redacted("<iban kind=\"de\"><c>DE</c><n>89370400440532013000</n></iban>\n"));
    }

    void testXmlAttributes()
    {
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                R"(<login user="al" password="***" ns:apiKey='***' xmlns:pwd="urn:p" other="secret" pin=""/>)"),
            redacted(
                R"(<login user="al" password="p&quot;w" ns:apiKey='k"1' xmlns:pwd="urn:p" other="secret" pin=""/>)"));
        // On an element that is masked itself: the attribute and the content.
        CPPUNIT_ASSERT_EQUAL(std::string(R"(<token secret = "***">***</token>)"),
                             redacted(R"(<token secret = "s">abc</token>)"));
    }

    void testXmlCdataCommentsAndInstructions()
    {
        // Outside a masked element they pass through, whatever they contain; inside one they are
        // masked with it, and an end tag inside them does not end the element.
        CPPUNIT_ASSERT_EQUAL(
            std::string("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e "
                        "\"<x>\">]><a><![CDATA[<password>x</password>]]>"
                        "<!-- <pin>1</pin> --><password>***</password><?pi x?></a>"),
            redacted(
                "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e "
                "\"<x>\">]><a><![CDATA[<password>x</password>]]>"
                "<!-- <pin>1</pin> --><password><![CDATA[</password>s]]><!-- </password> --><?p </password>?>"
                "</password><?pi x?></a>"));
    }

    void testXmlTruncatedInElement()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("<r><pan>***"), redacted("<r><pan>4111 11"));
        CPPUNIT_ASSERT_EQUAL(std::string("<r><pan>***"), redacted("<r><pan>4111</pa"));
        CPPUNIT_ASSERT_EQUAL(std::string("<r><pan>***"), redacted("<r><pan>4111</pan"));
        CPPUNIT_ASSERT_EQUAL(std::string("<r><pan>***"), redacted("<r><pan><![CDATA[4111"));
        CPPUNIT_ASSERT_EQUAL(std::string("<r><pan>***</pan "), redacted("<r><pan>4111</pan "));
        // Cut right after the start tag, or inside it: no content yet.
        CPPUNIT_ASSERT_EQUAL(std::string("<r><pan>"), redacted("<r><pan>"));
        CPPUNIT_ASSERT_EQUAL(std::string("<r><pa"), redacted("<r><pa"));
        // Cut inside a named attribute's value: masked, and closed.
        CPPUNIT_ASSERT_EQUAL(std::string(R"(<r a="1" password="***")"),
                             redacted(R"(<r a="1" password="sec)"));
        CPPUNIT_ASSERT_EQUAL(std::string(R"(<r a="1)"), redacted(R"(<r a="1)"));
    }

    void testSoapEnvelope()
    {
        const std::string body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"\n"
            "    "
            "xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
            "oasis-200401-wss-wssecurity-secext-1.0.xsd\"\n"
            "    xmlns:pay=\"urn:example:payments\">\n"
            "  <soapenv:Header>\n"
            "    <wsse:Security soapenv:mustUnderstand=\"1\">\n"
            "      <wsse:UsernameToken>\n"
            "        <wsse:Username>gateway</wsse:Username>\n"
            "        <wsse:Password "
            "Type=\"http://docs.oasis-open.org/wss/2004/01/"
            "oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
            "s3cr3t</wsse:Password>\n"
            "      </wsse:UsernameToken>\n"
            "    </wsse:Security>\n"
            "  </soapenv:Header>\n"
            "  <soapenv:Body>\n"
            "    <pay:Authorize>\n"
            "      <pay:Amount currency=\"EUR\">12.50</pay:Amount>\n"
            "      <pay:Card>\n"
            "        <pay:CardNumber>4111111111111111</pay:CardNumber>\n"
            "        <pay:Expiry>12/29</pay:Expiry>\n"
            "        <pay:CVV>123</pay:CVV>\n"
            "      </pay:Card>\n"
            "    </pay:Authorize>\n"
            "  </soapenv:Body>\n"
            "</soapenv:Envelope>\n";
        const std::string expected =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"\n"
            "    "
            "xmlns:wsse=\"http://docs.oasis-open.org/wss/2004/01/"
            "oasis-200401-wss-wssecurity-secext-1.0.xsd\"\n"
            "    xmlns:pay=\"urn:example:payments\">\n"
            "  <soapenv:Header>\n"
            "    <wsse:Security soapenv:mustUnderstand=\"1\">\n"
            "      <wsse:UsernameToken>\n"
            "        <wsse:Username>gateway</wsse:Username>\n"
            "        <wsse:Password "
            "Type=\"http://docs.oasis-open.org/wss/2004/01/"
            "oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
            "***</wsse:Password>\n"
            "      </wsse:UsernameToken>\n"
            "    </wsse:Security>\n"
            "  </soapenv:Header>\n"
            "  <soapenv:Body>\n"
            "    <pay:Authorize>\n"
            "      <pay:Amount currency=\"EUR\">12.50</pay:Amount>\n"
            "      <pay:Card>\n"
            "        <pay:CardNumber>***</pay:CardNumber>\n"
            "        <pay:Expiry>12/29</pay:Expiry>\n"
            "        <pay:CVV>***</pay:CVV>\n"
            "      </pay:Card>\n"
            "    </pay:Authorize>\n"
            "  </soapenv:Body>\n"
            "</soapenv:Envelope>\n";
        CPPUNIT_ASSERT_EQUAL(expected, redacted(body));
        // With a byte order mark in front, as some SOAP stacks send it.
        CPPUNIT_ASSERT_EQUAL("\xEF\xBB\xBF" + expected, redacted("\xEF\xBB\xBF" + body));
    }

    void testForm()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("a=1&password=***&b=2"), redacted("a=1&password=secret&b=2"));
        // Names percent-encoded or with '+'; empty values and fields without '=' stay as they are.
        CPPUNIT_ASSERT_EQUAL(
            std::string(
                "user=al&pass%77ord=***&card%5Fnumber=***&Api-Key=***&flag&pwd=&x=pin%3D1&card+number=4111"),
            redacted("user=al&pass%77ord=p%26w&card%5Fnumber=4111&Api-Key=k&flag&pwd=&x=pin%3D1&card+number="
                     "4111"));
    }

    void testFormTruncated()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("a=1&token=***"), redacted("a=1&token=abc"));
        CPPUNIT_ASSERT_EQUAL(std::string("a=1&token="), redacted("a=1&token="));
        CPPUNIT_ASSERT_EQUAL(std::string("a=1&tok"), redacted("a=1&tok"));
    }

    void testPlainTextUnchanged()
    {
        for (const std::string body : {"hello password=secret", "just text", "password: secret\n",
                                       "line one\npassword=secret", "4111111111111111"})
            CPPUNIT_ASSERT_EQUAL(body, redacted(body));
        // Leading whitespace before JSON or XML does not hide the kind.
        CPPUNIT_ASSERT_EQUAL(std::string(" \r\n\t{\"pin\":\"***\"}"), redacted(" \r\n\t{\"pin\":1}"));
        CPPUNIT_ASSERT_EQUAL(std::string("\n<pin>***</pin>"), redacted("\n<pin>1</pin>"));
    }

    void testEmptyBody()
    {
        std::string out = "left over";
        BodyRedactor(BodyRedactor::defaultNames()).redact("", out);
        CPPUNIT_ASSERT_EQUAL(std::string(), out);
        CPPUNIT_ASSERT_EQUAL(std::string("  \n"), redacted("  \n"));
        // A redactor without names copies everything.
        BodyRedactor({}).redact(R"({"password":"x"})", out);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"password":"x"})"), out);
    }

    void testDefaultNames()
    {
        const auto& names = BodyRedactor::defaultNames();
        CPPUNIT_ASSERT_EQUAL(std::size_t(20), names.size());
        std::string out;
        const BodyRedactor redactor(names);
        for (const char* name : {"password",
                                 "passwd",
                                 "pwd",
                                 "secret",
                                 "token",
                                 "access_token",
                                 "refresh_token",
                                 "api_key",
                                 "apikey",
                                 "authorization",
                                 "card_number",
                                 "cardnumber",
                                 "pan",
                                 "cvv",
                                 "cvc",
                                 "cvv2",
                                 "ssn",
                                 "national_id",
                                 "tax_id",
                                 "iban",
                                 "account_number",
                                 "pin"})
        {
            redactor.redact("{\"" + std::string(name) + "\":\"v\"}", out);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(name, "{\"" + std::string(name) + "\":\"***\"}", out);
        }
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(BodyRedactorTest, "audit");
