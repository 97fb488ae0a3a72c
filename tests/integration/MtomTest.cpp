// MTOM/XOP end to end: real porticod with the soap plugin in front of a real MTOM peer built on
// gSOAP (tests/demo/mtom), loaded from the WSDL that gSOAP made for it. Its replies are always
// MTOM packages; it tells whether a request's bytes came as an attachment or inline.

#include "support/GatewayFixture.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <random>

using namespace portico::test;

namespace
{

Poco::JSON::Object::Ptr parseObject(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string base64(const std::string& bytes)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string text;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3)
    {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0})
            text += alphabet[(v >> shift) & 63];
    }
    if (i < bytes.size())
    {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0);
        text += alphabet[(v >> 18) & 63];
        text += alphabet[(v >> 12) & 63];
        text += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63] : '=';
        text += '=';
    }
    return text;
}

} // namespace

class MtomTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(MtomTest);
    CPPUNIT_TEST(testBytesGoAndComeAsAttachments);
    CPPUNIT_TEST(testPlainRequestMtomReply);
    CPPUNIT_TEST(testLargeAttachments);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        const std::string peer = binaryPath("portico-demo-mtom");
        CPPUNIT_ASSERT_MESSAGE("portico-demo-mtom was not built: it needs Debian's gsoap and libgsoap-dev "
                               "(installer/install-deps.sh --tests)",
                               Poco::File(peer).exists());
        const std::string wsdl = _folder->file("files.wsdl");
        _peer.start(peer, {"--port", "0", "--wsdl-out", wsdl}, _folder->file("mtom-peer"));
        CPPUNIT_ASSERT_MESSAGE(_peer.errorOutput(),
                               _peer.waitForOutput("listening on", std::chrono::seconds(20)));
        const std::string out = _peer.output();
        const std::string endpoint =
            "http://127.0.0.1:" + std::to_string(std::stoi(out.substr(out.rfind(':') + 1))) + "/";
        const std::string routes =
            "<route name=\"files\" path=\"/api/files/{operation}\" methods=\"POST\">\n"
            "  <adapter type=\"soap\"><wsdl>" +
            wsdl + "</wsdl><endpoint>" + endpoint +
            "</endpoint><operation>{operation}</operation><mtom>true</mtom></adapter>\n"
            "</route>\n"
            "<route name=\"plain\" path=\"/api/plain/{operation}\" methods=\"POST\">\n"
            "  <adapter type=\"soap\"><wsdl>" +
            wsdl + "</wsdl><endpoint>" + endpoint +
            "</endpoint><operation>{operation}</operation></adapter>\n"
            "</route>\n";
        _gateway = std::make_unique<Gateway>(
            *_folder, pluginGatewayConfig(privatePluginFolder(*_folder, "soap"), routes));
    }

    void tearDown() override
    {
        _gateway.reset();
        _peer.stop();
        _folder.reset();
    }

    void testBytesGoAndComeAsAttachments()
    {
        // Every byte value, through JSON as base64, to the peer as an MTOM part and back as one.
        std::string bytes;
        for (int value = 0; value < 256; ++value)
            bytes += static_cast<char>(value);
        std::string reversed(bytes.rbegin(), bytes.rend());
        const HttpResponse response = _gateway->request(
            postJson("/api/files/Reverse", "{\"data\":\"" + base64(bytes) + "\",\"name\":\"all\"}"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT_EQUAL("{\"result\":\"" + base64(reversed) +
                                 "\",\"size\":256,\"receivedAs\":\"attachment\"}",
                             response.body);
    }

    void testPlainRequestMtomReply()
    {
        // Without <mtom> the request is a plain envelope; the MTOM reply is read all the same.
        const HttpResponse response =
            _gateway->request(postJson("/api/plain/Reverse", R"({"data":"aGVsbG8gd29ybGQ=","name":"hi"})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body, 200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"result":"ZGxyb3cgb2xsZWg=","size":11,"receivedAs":"inline"})"),
                             response.body);
        // Bad base64 never leaves the gateway.
        const HttpResponse bad = _gateway->request(postJson("/api/files/Reverse", R"({"data":"%%%"})"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(bad.body, 400, bad.status);
        CPPUNIT_ASSERT(bad.body.find("data") != std::string::npos);
    }

    void testLargeAttachments()
    {
        // 300 KB of random bytes (which may hold CRLF and "--" anywhere), a few times over one
        // kept-alive connection.
        std::mt19937 random(5);
        for (int round = 0; round < 3; ++round)
        {
            std::string bytes(300 * 1024, '\0');
            for (char& byte : bytes)
                byte = static_cast<char>(random() & 0xFF);
            const std::string reversed(bytes.rbegin(), bytes.rend());
            const HttpResponse response = _gateway->request(
                postJson("/api/files/Reverse", "{\"data\":\"" + base64(bytes) + "\",\"name\":\"big\"}"));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body.substr(0, 300), 200, response.status);
            const Poco::JSON::Object::Ptr answer = parseObject(response.body);
            CPPUNIT_ASSERT_EQUAL(static_cast<int>(bytes.size()), answer->getValue<int>("size"));
            CPPUNIT_ASSERT_EQUAL(std::string("attachment"), answer->getValue<std::string>("receivedAs"));
            CPPUNIT_ASSERT(answer->getValue<std::string>("result") == base64(reversed));
        }
    }

private:
    std::unique_ptr<TempDirectory> _folder;
    TestProcess _peer;
    std::unique_ptr<Gateway> _gateway;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MtomTest, "mtom");
