// The adapter's configuration: the example routes of gateway.xml read with every default in place,
// and each kind of mistake refused with its own message.

#include "tcp/AsciiLengthFraming.h"
#include "tcp/DelimiterFraming.h"
#include "tcp/FixedFraming.h"
#include "tcp/LengthPrefixFraming.h"
#include "tcp/TcpConfig.h"
#include "tcp/TcpRoute.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fstream>
#include <sstream>

using namespace portico::tcp;

namespace
{

std::string readData(const std::string& name)
{
    std::ifstream in(std::string(PORTICO_TCP_TEST_DATA) + "/" + name);
    CPPUNIT_ASSERT_MESSAGE(name, in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string adapter(const std::string& children)
{
    return "<adapter type=\"tcp\">" + children + "</adapter>";
}

const std::string endpointAndFraming = "<endpoint>127.0.0.1:7001</endpoint><framing type=\"mllp\"/>";

TcpConfig parsedOk(const std::string& xml)
{
    TcpConfig config;
    std::vector<std::string> errors;
    const bool ok = TcpConfig::parse(xml, config, errors);
    CPPUNIT_ASSERT_MESSAGE(errors.empty() ? xml : errors.front(), ok && errors.empty());
    return config;
}

std::vector<std::string> errorsOf(const std::string& xml)
{
    TcpConfig config;
    std::vector<std::string> errors;
    CPPUNIT_ASSERT_MESSAGE("expected errors for " + xml, !TcpConfig::parse(xml, config, errors));
    CPPUNIT_ASSERT(!errors.empty());
    return errors;
}

// The one error of xml must be message.
void assertError(const std::string& xml, const std::string& message)
{
    const std::vector<std::string> errors = errorsOf(xml);
    std::string all;
    for (const std::string& error : errors)
    {
        all += "\n  " + error;
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE(all, std::size_t(1), errors.size());
    CPPUNIT_ASSERT_EQUAL(message, errors.front());
}

} // namespace

class ConfigTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ConfigTest);
    CPPUNIT_TEST(testBalanceExample);
    CPPUNIT_TEST(testAdtExampleAndDefaults);
    CPPUNIT_TEST(testFramingAttributes);
    CPPUNIT_TEST(testFieldDefaults);
    CPPUNIT_TEST(testRequiredElements);
    CPPUNIT_TEST(testUnknownElementsAndAttributes);
    CPPUNIT_TEST(testBadNumbersAndDurations);
    CPPUNIT_TEST(testBadFramings);
    CPPUNIT_TEST(testBadCharset);
    CPPUNIT_TEST(testBadEndpoints);
    CPPUNIT_TEST(testBadCodecs);
    CPPUNIT_TEST(testBadFields);
    CPPUNIT_TEST(testRecordMustFitTheFraming);
    CPPUNIT_TEST(testDoctypeAndMalformedXml);
    CPPUNIT_TEST(testEveryProblemIsReported);
    CPPUNIT_TEST(testRouteCreation);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBalanceExample()
    {
        TcpConfig config = parsedOk(readData("balance-adapter.xml"));
        CPPUNIT_ASSERT_EQUAL(std::string("10.2.0.5"), config.endpoint.host);
        CPPUNIT_ASSERT_EQUAL(std::uint16_t(7001), config.endpoint.port);
        const auto* framing = dynamic_cast<const LengthPrefixFraming*>(config.framing.get());
        CPPUNIT_ASSERT(framing != nullptr);
        CPPUNIT_ASSERT_EQUAL(2u, framing->headerBytes());
        CPPUNIT_ASSERT(framing->byteOrder() == LengthPrefixFraming::ByteOrder::Big);
        CPPUNIT_ASSERT(!framing->inclusive());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024 * 1024), framing->maxBytes());
        CPPUNIT_ASSERT_EQUAL(std::string("IBM037"), config.charset->name());
        CPPUNIT_ASSERT(config.request.kind == CodecConfig::Kind::Fixed);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), config.request.layout.fields.size());
        const FixedField& txn = config.request.layout.fields[0];
        CPPUNIT_ASSERT(txn.constant);
        CPPUNIT_ASSERT(txn.constantText == U"BAL1");
        const FixedField& balance = config.response.layout.fields[2];
        CPPUNIT_ASSERT(balance.type == FixedField::Type::Decimal);
        CPPUNIT_ASSERT_EQUAL(2u, balance.scale);
        CPPUNIT_ASSERT_EQUAL(std::size_t(28), config.response.layout.length());
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), config.pool.size);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000), std::int64_t(config.pool.connectTimeout.count()));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), std::int64_t(config.pool.timeout.count()));
    }

    void testAdtExampleAndDefaults()
    {
        TcpConfig config = parsedOk(readData("adt-adapter.xml"));
        CPPUNIT_ASSERT_EQUAL(std::string("mllp"), config.framing->type());
        CPPUNIT_ASSERT(config.request.kind == CodecConfig::Kind::Text);
        CPPUNIT_ASSERT(config.response.kind == CodecConfig::Kind::Hl7v2);
        CPPUNIT_ASSERT_EQUAL(std::string("UTF-8"), config.charset->name());
        CPPUNIT_ASSERT_EQUAL(std::size_t(8), config.pool.size);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000), std::int64_t(config.pool.connectTimeout.count()));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), std::int64_t(config.pool.timeout.count()));
        // No <request>/<response> at all: text both ways.
        TcpConfig bare = parsedOk(adapter(endpointAndFraming));
        CPPUNIT_ASSERT(bare.request.kind == CodecConfig::Kind::Text);
        CPPUNIT_ASSERT(bare.response.kind == CodecConfig::Kind::Text);
        // Pool attributes one by one.
        TcpConfig pool = parsedOk(adapter(endpointAndFraming + "<pool size=\"2\" timeout=\"250ms\"/>"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), pool.pool.size);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000), std::int64_t(pool.pool.connectTimeout.count()));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(250), std::int64_t(pool.pool.timeout.count()));
        // Text may be surrounded by blanks; the charset name is case-insensitive.
        TcpConfig spaced =
            parsedOk(adapter("<endpoint>\n  host.example:7001\n</endpoint><framing type=\"mllp\"/>"
                             "<charset> ibm1047 </charset>"));
        CPPUNIT_ASSERT_EQUAL(std::string("host.example"), spaced.endpoint.host);
        CPPUNIT_ASSERT_EQUAL(std::string("IBM1047"), spaced.charset->name());
        TcpConfig v6 = parsedOk(adapter("<endpoint>[::1]:2575</endpoint><framing type=\"mllp\"/>"));
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), v6.endpoint.host);
        CPPUNIT_ASSERT_EQUAL(std::string("[::1]:2575"), v6.endpoint.text());
    }

    void testFramingAttributes()
    {
        // Each framing is kept alive by its TcpConfig while the test looks at it.
        auto framing = [](const std::string& element)
        { return parsedOk(adapter("<endpoint>h:1</endpoint>" + element)).framing; };
        std::shared_ptr<const Framing> held = framing("<framing type=\"length-prefix\"/>");
        const auto* defaults = dynamic_cast<const LengthPrefixFraming*>(held.get());
        CPPUNIT_ASSERT(defaults != nullptr);
        CPPUNIT_ASSERT_EQUAL(2u, defaults->headerBytes());
        CPPUNIT_ASSERT(defaults->byteOrder() == LengthPrefixFraming::ByteOrder::Big);
        CPPUNIT_ASSERT(!defaults->inclusive());
        held = framing("<framing type=\"length-prefix\" bytes=\"4\" byteOrder=\"little\" inclusive=\"true\" "
                       "maxBytes=\"64KiB\"/>");
        const auto* little = dynamic_cast<const LengthPrefixFraming*>(held.get());
        CPPUNIT_ASSERT_EQUAL(4u, little->headerBytes());
        CPPUNIT_ASSERT(little->byteOrder() == LengthPrefixFraming::ByteOrder::Little);
        CPPUNIT_ASSERT(little->inclusive());
        CPPUNIT_ASSERT_EQUAL(std::size_t(65536), little->maxBytes());
        held = framing("<framing type=\"ascii-length\"/>");
        CPPUNIT_ASSERT_EQUAL(4u, dynamic_cast<const AsciiLengthFraming&>(*held).digits());
        CPPUNIT_ASSERT(!dynamic_cast<const AsciiLengthFraming&>(*held).inclusive());
        held = framing("<framing type=\"ascii-length\" digits=\"6\" inclusive=\"true\"/>");
        CPPUNIT_ASSERT_EQUAL(6u, dynamic_cast<const AsciiLengthFraming&>(*held).digits());
        CPPUNIT_ASSERT(dynamic_cast<const AsciiLengthFraming&>(*held).inclusive());
        held = framing("<framing type=\"delimiter\"/>");
        CPPUNIT_ASSERT_EQUAL(std::string("\n"), dynamic_cast<const DelimiterFraming&>(*held).delimiter());
        held = framing("<framing type=\"delimiter\" bytes=\"\\r\\n\\x00\"/>");
        CPPUNIT_ASSERT_EQUAL(std::string("\r\n\0", 3),
                             dynamic_cast<const DelimiterFraming&>(*held).delimiter());
        held = framing("<framing type=\"fixed\" bytes=\"80\"/>");
        CPPUNIT_ASSERT_EQUAL(std::size_t(80), dynamic_cast<const FixedFraming&>(*held).frameBytes());
    }

    void testFieldDefaults()
    {
        TcpConfig config = parsedOk(adapter(endpointAndFraming +
                                            "<request codec=\"fixed\">"
                                            "<field name=\"s\" length=\"3\"/>"
                                            "<field name=\"i\" length=\"4\" type=\"int\"/>"
                                            "<field name=\"d\" length=\"5\" type=\"decimal\" scale=\"2\"/>"
                                            "<field name=\"l\" length=\"4\" type=\"int\" align=\"left\"/>"
                                            "<field name=\"c\" length=\"4\" type=\"int\" value=\"-7\"/>"
                                            "</request>"));
        const std::vector<FixedField>& fields = config.request.layout.fields;
        CPPUNIT_ASSERT(fields[0].type == FixedField::Type::String);
        CPPUNIT_ASSERT(fields[0].align == FixedField::Align::Left);
        CPPUNIT_ASSERT(fields[0].pad == U' ');
        CPPUNIT_ASSERT(fields[1].align == FixedField::Align::Right);
        CPPUNIT_ASSERT(fields[1].pad == U'0');
        CPPUNIT_ASSERT_EQUAL(0u, fields[1].scale);
        CPPUNIT_ASSERT_EQUAL(2u, fields[2].scale);
        // A left-aligned number is padded with blanks: '0' would read as digits.
        CPPUNIT_ASSERT(fields[3].pad == U' ');
        CPPUNIT_ASSERT(fields[4].constantText == U"-007");
    }

    void testRequiredElements()
    {
        assertError(adapter("<framing type=\"mllp\"/>"),
                    "missing <endpoint>HOST:PORT</endpoint> in <adapter>");
        assertError(adapter("<endpoint>h:1</endpoint>"),
                    "missing <framing type=\"…\"/> in <adapter> (length-prefix, ascii-length, delimiter, "
                    "mllp or fixed)");
        assertError(
            adapter("<endpoint>h:1</endpoint><framing/>"),
            "missing attribute 'type' on <framing> (length-prefix, ascii-length, delimiter, mllp or fixed)");
        assertError(adapter(endpointAndFraming + "<endpoint>h:2</endpoint>"),
                    "duplicate <endpoint> in <adapter>");
    }

    void testUnknownElementsAndAttributes()
    {
        assertError(adapter(endpointAndFraming + "<timeout>5s</timeout>"),
                    "unknown element <timeout> in <adapter> (expected <endpoint>, <framing>, <charset>, "
                    "<request>, <response>, <pool> or <iso8583>)");
        assertError("<adapter type=\"tcp\" mode=\"x\">" + endpointAndFraming + "</adapter>",
                    "unknown attribute 'mode' on <adapter> (expected type)");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"length-prefix\" digits=\"4\"/>"),
                    "unknown attribute 'digits' on <framing type=\"length-prefix\"> (expected type, "
                    "maxBytes, bytes, byteOrder or inclusive)");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"mllp\" bytes=\"2\"/>"),
                    "unknown attribute 'bytes' on <framing type=\"mllp\"> (expected type or maxBytes)");
        assertError(adapter(endpointAndFraming + "<pool size=\"2\" max=\"4\"/>"),
                    "unknown attribute 'max' on <pool> (expected size, connectTimeout, timeout, maxFails, "
                    "failTimeout or inFlight)");
        assertError(adapter("<endpoint port=\"1\">h:1</endpoint><framing type=\"mllp\"/>"),
                    "unknown attribute 'port' on <endpoint> (it takes none)");
        assertError(adapter(endpointAndFraming +
                            "<request codec=\"fixed\"><field name=\"a\" length=\"1\" size=\"2\"/></request>"),
                    "unknown attribute 'size' on <field name=\"a\"> (expected name, length, type, scale, "
                    "align, pad or value)");
        assertError(adapter(endpointAndFraming + "<pool><size>2</size></pool>"),
                    "unexpected element <size> in <pool> (it takes attributes only)");
        assertError(adapter(endpointAndFraming + "stray"), "unexpected text in <adapter>");
    }

    void testBadNumbersAndDurations()
    {
        assertError(adapter(endpointAndFraming + "<pool timeout=\"2x\"/>"),
                    "invalid value '2x' for 'timeout' on <pool>: expected a duration such as 250ms, 30s, 5m, "
                    "2h or 1d");
        assertError(adapter(endpointAndFraming + "<pool connectTimeout=\"30\"/>"),
                    "invalid value '30' for 'connectTimeout' on <pool>: expected a duration such as 250ms, "
                    "30s, 5m, 2h or 1d");
        assertError(adapter(endpointAndFraming + "<pool timeout=\"0s\"/>"),
                    "invalid value '0s' for 'timeout' on <pool>: must be greater than 0");
        assertError(adapter(endpointAndFraming + "<pool size=\"0\"/>"),
                    "invalid value '0' for 'size' on <pool>: expected a whole number from 1 to 1024");
        assertError(adapter(endpointAndFraming + "<pool size=\"-1\"/>"),
                    "invalid value '-1' for 'size' on <pool>: expected a whole number from 1 to 1024");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"mllp\" maxBytes=\"1 MiB\"/>"),
                    "invalid value '1 MiB' for 'maxBytes' on <framing type=\"mllp\">: expected a size such "
                    "as 1024, 64KiB or 10MiB");
        parsedOk(adapter(endpointAndFraming + "<pool connectTimeout=\"250ms\" timeout=\"1m\"/>"));
    }

    void testBadFramings()
    {
        assertError(
            adapter("<endpoint>h:1</endpoint><framing type=\"length-prefix\" bytes=\"3\"/>"),
            "invalid value '3' for 'bytes' on <framing type=\"length-prefix\">: expected one of 1, 2, 4");
        assertError(
            adapter("<endpoint>h:1</endpoint><framing type=\"length-prefix\" byteOrder=\"network\"/>"),
            "invalid value 'network' for 'byteOrder' on <framing type=\"length-prefix\">: expected one of "
            "big, little");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"length-prefix\" inclusive=\"yes\"/>"),
                    "invalid value 'yes' for 'inclusive' on <framing type=\"length-prefix\">: expected true "
                    "or false");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"ascii-length\" digits=\"0\"/>"),
                    "invalid value '0' for 'digits' on <framing type=\"ascii-length\">: expected a whole "
                    "number from 1 to 9");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"delimiter\" bytes=\"\"/>"),
                    "attribute 'bytes' on <framing type=\"delimiter\"> must not be empty");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"delimiter\" bytes=\"\\z\"/>"),
                    "invalid value '\\z' for 'bytes' on <framing type=\"delimiter\">: unknown escape \\z at "
                    "position 0 (use \\r, \\n, \\t, \\xHH or \\\\)");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"fixed\"/>"),
                    "missing attribute 'bytes' on <framing type=\"fixed\">: the size of every message");
        assertError(
            adapter("<endpoint>h:1</endpoint><framing type=\"fixed\" bytes=\"2000\" maxBytes=\"1KiB\"/>"),
            "invalid value '2000' for 'bytes' on <framing type=\"fixed\">: expected a whole number from 1 to "
            "1024");
        assertError(adapter("<endpoint>h:1</endpoint><framing type=\"stx-etx\"/>"),
                    "invalid value 'stx-etx' for 'type' on <framing>: expected length-prefix, ascii-length, "
                    "delimiter, mllp or fixed");
    }

    void testBadCharset()
    {
        assertError(adapter(endpointAndFraming + "<charset>EBCDIC</charset>"),
                    "unknown <charset> 'EBCDIC' (supported: UTF-8, US-ASCII, ISO-8859-1, IBM037, IBM1047)");
    }

    void testBadEndpoints()
    {
        for (const char* endpoint : {"host", "host:", ":7001", "host:0", "host:65536", "host:70x", "::1:80",
                                     "[::1]80", "[host]:80", "two words:80"})
        {
            const std::vector<std::string> errors = errorsOf(
                adapter("<endpoint>" + std::string(endpoint) + "</endpoint><framing type=\"mllp\"/>"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                endpoint,
                "invalid <endpoint> '" + std::string(endpoint) +
                    "': expected HOST:PORT (a host name or address, and a port from 1 to 65535)",
                errors.front());
        }
    }

    void testBadCodecs()
    {
        assertError(adapter(endpointAndFraming + "<request codec=\"json\"/>"),
                    "invalid value 'json' for 'codec' on <request codec=\"json\">: expected one of text, "
                    "fixed, hl7v2, iso8583");
        assertError(adapter(endpointAndFraming + "<request codec=\"fixed\"/>"),
                    "a fixed record needs at least one <field> in <request codec=\"fixed\">");
        assertError(adapter(endpointAndFraming +
                            "<response codec=\"text\"><field name=\"a\" length=\"1\"/></response>"),
                    "<field> in <response codec=\"text\">: fields belong to codec=\"fixed\" only");
        assertError(adapter(endpointAndFraming + "<response codec=\"fixed\"><record/></response>"),
                    "unknown element <record> in <response codec=\"fixed\"> (expected <field>)");
    }

    void testBadFields()
    {
        auto field = [](const std::string& attributes) {
            return adapter(endpointAndFraming + "<request codec=\"fixed\"><field " + attributes +
                           "/></request>");
        };
        assertError(field("length=\"1\""), "missing attribute 'name' on <field>");
        assertError(field("name=\"a\""), "missing attribute 'length' on <field name=\"a\">");
        assertError(field("name=\"a\" length=\"0\""), "invalid value '0' for 'length' on <field name=\"a\">: "
                                                      "expected a whole number from 1 to 1048576");
        assertError(
            field("name=\"a\" length=\"4\" type=\"float\""),
            "invalid value 'float' for 'type' on <field name=\"a\">: expected one of string, int, decimal");
        assertError(field("name=\"a\" length=\"4\" scale=\"2\""),
                    "'scale' on <field name=\"a\"> applies to decimal fields only");
        assertError(
            field("name=\"a\" length=\"4\" type=\"decimal\" scale=\"5\""),
            "invalid value '5' for 'scale' on <field name=\"a\">: expected a whole number from 0 to 4");
        assertError(field("name=\"a\" length=\"4\" align=\"center\""),
                    "invalid value 'center' for 'align' on <field name=\"a\">: expected one of left, right");
        assertError(field("name=\"a\" length=\"4\" pad=\"ab\""),
                    "invalid value 'ab' for 'pad' on <field name=\"a\">: expected exactly one character");
        assertError(field("name=\"a\" length=\"4\" pad=\"\""),
                    "invalid value '' for 'pad' on <field name=\"a\">: expected exactly one character");
        assertError(field("name=\"a\" length=\"4\" type=\"int\" pad=\"5\""),
                    "invalid value '5' for 'pad' on <field name=\"a\">: cannot pad a number: use '0', a "
                    "blank or another symbol");
        assertError(field("name=\"a\" length=\"4\" type=\"int\" align=\"left\" pad=\"0\""),
                    "<field name=\"a\">: a left-aligned number cannot be padded with '0' (the pad would read "
                    "as digits)");
        assertError(
            field("name=\"txn\" length=\"4\" value=\"BALANCE\""),
            "<field name=\"txn\">: value \"BALANCE\" is 7 characters long, more than its length of 4");
        assertError(field("name=\"n\" length=\"4\" type=\"int\" value=\"x\""),
                    "<field name=\"n\">: value \"x\" is not a number: \"x\"");
        assertError(field("name=\"n\" length=\"4\" type=\"decimal\" scale=\"1\" value=\"1.25\""),
                    "<field name=\"n\">: value \"1.25\" has more than 1 decimal places: 1.25");
        assertError(adapter(endpointAndFraming +
                            "<charset>IBM037</charset><request codec=\"fixed\">"
                            "<field name=\"a\" length=\"2\" pad=\"\xE2\x82\xAC\"/></request>"),
                    "<field name=\"a\">: the pad '\xE2\x82\xAC' (U+20AC) has no mapping in IBM037");
        assertError(adapter(endpointAndFraming +
                            "<charset>US-ASCII</charset><request codec=\"fixed\">"
                            "<field name=\"a\" length=\"2\" value=\"\xC3\xA9\"/></request>"),
                    "<field name=\"a\">: value \"\xC3\xA9\": '\xC3\xA9' (U+00E9) has no mapping in US-ASCII");
        assertError(adapter(endpointAndFraming + "<request codec=\"fixed\"><field name=\"a\" length=\"1\"/>"
                                                 "<field name=\"a\" length=\"2\"/></request>"),
                    "field 'a' is defined twice in <request codec=\"fixed\">");
        assertError(adapter(endpointAndFraming +
                            "<request codec=\"fixed\"><field name=\"a\" length=\"1\">x</field></request>"),
                    "unexpected text in <field name=\"a\">");
    }

    void testRecordMustFitTheFraming()
    {
        const std::string fields = "<field name=\"a\" length=\"4\"/><field name=\"b\" length=\"6\"/>";
        parsedOk(
            adapter("<endpoint>h:1</endpoint><framing type=\"fixed\" bytes=\"10\"/><charset>IBM037</charset>"
                    "<request codec=\"fixed\">" +
                    fields + "</request>"));
        assertError(
            adapter("<endpoint>h:1</endpoint><framing type=\"fixed\" bytes=\"12\"/><charset>IBM037</charset>"
                    "<response codec=\"fixed\">" +
                    fields + "</response>"),
            "<response codec=\"fixed\">: the record is 10 bytes, but <framing type=\"fixed\"> frames 12");
        assertError(
            adapter("<endpoint>h:1</endpoint><framing type=\"mllp\" maxBytes=\"8\"/><charset>IBM037</charset>"
                    "<request codec=\"fixed\">" +
                    fields + "</request>"),
            "<request codec=\"fixed\">: the record is 10 bytes, more than the framing's maxBytes of 8");
    }

    void testDoctypeAndMalformedXml()
    {
        assertError("<!DOCTYPE adapter [<!ENTITY x \"h:1\">]><adapter type=\"tcp\"><endpoint>&x;</endpoint>"
                    "<framing type=\"mllp\"/></adapter>",
                    "a DOCTYPE declaration is not allowed");
        const std::vector<std::string> errors = errorsOf("<adapter type=\"tcp\"><endpoint>h:1</adapter>");
        CPPUNIT_ASSERT(errors.front().find("not well-formed XML") != std::string::npos);
        assertError("<route/>", "expected an <adapter> element, found <route>");
    }

    void testEveryProblemIsReported()
    {
        const std::vector<std::string> errors =
            errorsOf(adapter("<charset>KOI8-R</charset><pool size=\"0\" timeout=\"soon\"/>"
                             "<request codec=\"fixed\"><field name=\"a\" length=\"0\"/></request>"));
        // No endpoint, no framing, the charset, two pool attributes, the field.
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), errors.size());
    }

    void testRouteCreation()
    {
        std::vector<std::string> errors;
        RouteSetup setup;
        setup.source.elementXml = readData("balance-adapter.xml");
        std::shared_ptr<TcpRoute> route = TcpRoute::create(setup, errors);
        CPPUNIT_ASSERT(route != nullptr);
        CPPUNIT_ASSERT(errors.empty());
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5000), std::int64_t(route->timeout().count()));
        setup.source.elementXml = adapter("<framing type=\"mllp\"/>");
        CPPUNIT_ASSERT(TcpRoute::create(setup, errors) == nullptr);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ConfigTest, "tcp");
