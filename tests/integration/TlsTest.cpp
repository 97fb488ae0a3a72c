// TLS on both sides of porticod: a TLS listener (protocol floor, client certificates) and
// https upstreams whose certificate is verified against caFile. Certificates are made for each
// test with the openssl command-line tool; every peer is a real process.

#include "support/GatewayFixture.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <mutex>
#include <stdexcept>

using namespace portico::test;

namespace
{

const std::string kOpenSsl = "/usr/bin/openssl";

void initializeTlsOnce()
{
    static std::once_flag once;
    std::call_once(once,
                   []
                   {
                       Poco::Net::initializeSSL();
                       // A certificate that fails verification is refused, never waved through by a prompt or
                       // an application configuration this test binary does not have.
                       Poco::Net::Context::Ptr fallback =
                           new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                  Poco::Net::Context::VERIFY_RELAXED);
                       Poco::Net::SSLManager::instance().initializeClient(
                           nullptr, new Poco::Net::RejectCertificateHandler(false), fallback);
                   });
}

void openssl(const std::vector<std::string>& arguments)
{
    std::string out;
    std::string err;
    int code = runToCompletion(kOpenSsl, arguments, out, err);
    if (code != 0)
    {
        std::string command = "openssl";
        for (const std::string& argument : arguments)
        {
            command += " " + argument;
        }
        throw std::runtime_error(command + " failed (" + std::to_string(code) + "): " + err);
    }
}

// A CA (and a second, unrelated one), a server certificate for IP 127.0.0.1 and a client
// certificate, all in one folder.
class Certificates
{
public:
    Certificates()
    {
        makeCa("ca", "Portico Test CA");
        makeCa("other-ca", "Unrelated Test CA");
        makeLeaf("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        makeLeaf("client", "test-client", "extendedKeyUsage=clientAuth\n");
    }

    std::string file(const std::string& name) const { return _folder.file(name); }

private:
    void makeKey(const std::string& name)
    {
        openssl({"ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file(name + ".key")});
    }

    void makeCa(const std::string& name, const std::string& commonName)
    {
        makeKey(name);
        openssl({"req", "-x509", "-new", "-key", file(name + ".key"), "-subj", "/CN=" + commonName, "-days",
                 "2", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                 "keyUsage=critical,keyCertSign,cRLSign", "-out", file(name + ".pem")});
    }

    void makeLeaf(const std::string& name, const std::string& commonName, const std::string& extensions)
    {
        makeKey(name);
        openssl({"req", "-new", "-key", file(name + ".key"), "-subj", "/CN=" + commonName, "-out",
                 file(name + ".csr")});
        writeFile(file(name + ".ext"), "basicConstraints=CA:FALSE\n" + extensions);
        openssl({"x509", "-req", "-in", file(name + ".csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
                 "-CAcreateserial", "-days", "2", "-extfile", file(name + ".ext"), "-out",
                 file(name + ".pem")});
    }

    TempDirectory _folder;
};

struct HttpsResult
{
    int status = 0; // 0 when the exchange failed
    std::string body;
    std::string error;
};

Poco::Net::Context::Ptr clientContext(const std::string& caFile, const std::string& certificate = "",
                                      const std::string& privateKey = "")
{
    initializeTlsOnce();
    Poco::Net::Context::Params params;
    params.caLocation = caFile;
    params.certificateFile = certificate;
    params.privateKeyFile = privateKey;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.loadDefaultCAs = false;
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

HttpsResult httpsGet(unsigned short port, const std::string& target, Poco::Net::Context::Ptr context)
{
    HttpsResult result;
    try
    {
        Poco::Net::HTTPSClientSession session("127.0.0.1", port, context);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setHost("test.local");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Poco::StreamCopier::copyToString(in, result.body);
        result.status = static_cast<int>(response.getStatus());
    }
    catch (const Poco::Exception& e)
    {
        result.status = 0;
        result.error = e.displayText();
    }
    catch (const std::exception& e)
    {
        result.status = 0;
        result.error = e.what();
    }
    return result;
}

Poco::JSON::Object::Ptr parseJson(const std::string& text)
{
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string configWith(const std::string& listenerAttributes, const std::string& upstream)
{
    return "<portico>\n"
           "  <server ioThreads=\"1\">\n"
           "    <listener address=\"127.0.0.1:@PORT@\" " +
           listenerAttributes +
           "/>\n"
           "  </server>\n"
           "  <upstreams>\n    " +
           upstream +
           "\n  </upstreams>\n"
           "  <routes>\n"
           "    <route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"u\"/></route>\n"
           "  </routes>\n"
           "</portico>\n";
}

std::string plainUpstream(const DemoUpstream& upstream)
{
    return "<upstream name=\"u\"><target url=\"" + upstream.url() + "\"/></upstream>";
}

// Whether `openssl s_client` with these protocol options completes a handshake with port.
bool handshakeSucceeds(unsigned short port, const std::string& protocolOption, const std::string& caFile,
                       std::string& transcript)
{
    std::string out;
    std::string err;
    // SECLEVEL=0: OpenSSL 3 refuses TLS 1.0/1.1 on its own side otherwise, which would make a
    // refusal by the gateway indistinguishable from a refusal by the client.
    runToCompletion(kOpenSsl,
                    {"s_client", protocolOption, "-cipher", "DEFAULT:@SECLEVEL=0", "-connect",
                     "127.0.0.1:" + std::to_string(port), "-CAfile", caFile},
                    out, err, std::chrono::seconds(10), "");
    transcript = out + err;
    return out.find("Cipher is (NONE)") == std::string::npos &&
           out.find("Cipher    : 0000") == std::string::npos && out.find("SSL-Session:") != std::string::npos;
}

} // namespace

class TlsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TlsTest);
    CPPUNIT_TEST(testHttpsListenerForwardsWithProtoHttps);
    CPPUNIT_TEST(testTls11IsRefused);
    CPPUNIT_TEST(testClientCertificateRequired);
    CPPUNIT_TEST(testClientCertificateNamesTheConsumer);
    CPPUNIT_TEST(testHttpsUpstreamCertificateIsVerified);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override
    {
        _certificates = std::make_unique<Certificates>();
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "echo");
    }

    void tearDown() override
    {
        _upstream.reset();
        _folder.reset();
        _certificates.reset();
    }

    void testHttpsListenerForwardsWithProtoHttps()
    {
        TempDirectory gatewayFolder;
        Gateway gateway(gatewayFolder, configWith(serverTls(), plainUpstream(*_upstream)));
        HttpsResult result = httpsGet(gateway.port(), "/echo/secure", clientContext(ca()));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(result.error + gateway.process().errorOutput(), 200, result.status);
        Poco::JSON::Object::Ptr echo = parseJson(result.body);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/secure"), echo->getValue<std::string>("uri"));
        CPPUNIT_ASSERT_EQUAL(std::string("https"),
                             echo->getObject("headers")->getValue<std::string>("X-Forwarded-Proto"));

        // The client really verifies: the same listener is refused against an unrelated CA.
        HttpsResult untrusted =
            httpsGet(gateway.port(), "/echo/secure", clientContext(_certificates->file("other-ca.pem")));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("verification is off in the test client", 0, untrusted.status);
    }

    void testTls11IsRefused()
    {
        // Control: this openssl does complete a TLS 1.1 handshake with a server that allows it.
        unsigned short controlPort = freePort();
        TestProcess control;
        control.start(kOpenSsl,
                      {"s_server", "-accept", "127.0.0.1:" + std::to_string(controlPort), "-www", "-tls1_1",
                       "-cipher", "DEFAULT:@SECLEVEL=0", "-cert", _certificates->file("server.pem"), "-key",
                       _certificates->file("server.key")},
                      _folder->file("s_server"));
        CPPUNIT_ASSERT_MESSAGE(control.errorOutput(),
                               control.waitForOutput("ACCEPT", std::chrono::seconds(10)));
        std::string transcript;
        bool controlSucceeded = handshakeSucceeds(controlPort, "-tls1_1", ca(), transcript);
        CPPUNIT_ASSERT_MESSAGE("openssl cannot do TLS 1.1 here, so the check below would prove nothing:\n" +
                                   transcript,
                               controlSucceeded);
        control.stop();

        TempDirectory gatewayFolder;
        Gateway gateway(gatewayFolder, configWith(serverTls(), plainUpstream(*_upstream)));
        bool tls11 = handshakeSucceeds(gateway.port(), "-tls1_1", ca(), transcript);
        CPPUNIT_ASSERT_MESSAGE("TLS 1.1 handshake accepted:\n" + transcript, !tls11);
        bool tls12 = handshakeSucceeds(gateway.port(), "-tls1_2", ca(), transcript);
        CPPUNIT_ASSERT_MESSAGE("TLS 1.2 handshake refused:\n" + transcript, tls12);
        CPPUNIT_ASSERT_EQUAL(200, httpsGet(gateway.port(), "/echo/after", clientContext(ca())).status);
    }

    void testClientCertificateRequired()
    {
        TempDirectory gatewayFolder;
        Gateway gateway(gatewayFolder,
                        configWith(serverTls() + " clientCa=\"" + ca() + "\" clientAuth=\"required\"",
                                   plainUpstream(*_upstream)));
        HttpsResult anonymous = httpsGet(gateway.port(), "/echo/mtls", clientContext(ca()));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("answered without a client certificate: " + anonymous.body, 0,
                                     anonymous.status);

        HttpsResult identified = httpsGet(
            gateway.port(), "/echo/mtls",
            clientContext(ca(), _certificates->file("client.pem"), _certificates->file("client.key")));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(identified.error + gateway.process().errorOutput(), 200,
                                     identified.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/echo/mtls"),
                             parseJson(identified.body)->getValue<std::string>("uri"));
    }

    // <auth><mtls/></auth>: the verified certificate's name is the consumer, with its groups.
    void testClientCertificateNamesTheConsumer()
    {
        TempDirectory gatewayFolder;
        const std::string config =
            "<portico>\n  <server ioThreads=\"1\">\n    <listener address=\"127.0.0.1:@PORT@\" " +
            serverTls() + " clientCa=\"" + ca() +
            "\" clientAuth=\"optional\"/>\n  </server>\n"
            "  <consumers><consumer name=\"partner\" groups=\"b2b\"><certificate name=\"test-client\"/>"
            "</consumer></consumers>\n"
            "  <upstreams>\n    " +
            plainUpstream(*_upstream) +
            "\n  </upstreams>\n  <routes>\n"
            "    <route name=\"echo\" path=\"/echo/*\"><auth><mtls/></auth><allow groups=\"b2b\"/>"
            "<proxy upstream=\"u\"/></route>\n  </routes>\n</portico>\n";
        Gateway gateway(gatewayFolder, config);
        HttpsResult identified = httpsGet(
            gateway.port(), "/echo/who",
            clientContext(ca(), _certificates->file("client.pem"), _certificates->file("client.key")));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(identified.error + identified.body, 200, identified.status);
        CPPUNIT_ASSERT_EQUAL(
            std::string("partner"),
            parseJson(identified.body)->getObject("headers")->getValue<std::string>("X-Consumer-Name"));
        HttpsResult anonymous = httpsGet(gateway.port(), "/echo/who", clientContext(ca()));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(anonymous.error + anonymous.body, 401, anonymous.status);
    }

    void testHttpsUpstreamCertificateIsVerified()
    {
        // A second porticod terminates TLS in front of the demo upstream.
        TempDirectory backFolder;
        Gateway back(backFolder, configWith(serverTls(), plainUpstream(*_upstream)));
        const std::string target = "<target url=\"https://127.0.0.1:" + std::to_string(back.port()) + "\"/>";

        {
            TempDirectory frontFolder;
            Gateway front(
                frontFolder,
                gatewayConfig(
                    "<upstream name=\"secure\" caFile=\"" + ca() + "\">" + target + "</upstream>\n",
                    "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"secure\"/></route>\n"));
            HttpResponse response = front.get("/echo/through");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body + front.process().errorOutput(), 200, response.status);
            CPPUNIT_ASSERT_EQUAL(std::string("/echo/through"),
                                 parseJson(response.body)->getValue<std::string>("uri"));
        }
        {
            TempDirectory frontFolder;
            Gateway front(
                frontFolder,
                gatewayConfig(
                    "<upstream name=\"secure\" caFile=\"" + _certificates->file("other-ca.pem") + "\">" +
                        target + "</upstream>\n",
                    "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"secure\"/></route>\n"));
            HttpResponse response = front.get("/echo/through");
            CPPUNIT_ASSERT_EQUAL_MESSAGE("an upstream certificate from an unrelated CA was accepted: " +
                                             response.body,
                                         502, response.status);
            CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
        }
        {
            TempDirectory frontFolder;
            Gateway front(
                frontFolder,
                gatewayConfig(
                    "<upstream name=\"secure\" verifyTls=\"false\" caFile=\"" +
                        _certificates->file("other-ca.pem") + "\">" + target + "</upstream>\n",
                    "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"secure\"/></route>\n"));
            HttpResponse response = front.get("/echo/through");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(response.body + front.process().errorOutput(), 200, response.status);
        }
    }

private:
    std::string ca() const { return _certificates->file("ca.pem"); }

    std::string serverTls() const
    {
        return "certificate=\"" + _certificates->file("server.pem") + "\" privateKey=\"" +
               _certificates->file("server.key") + "\"";
    }

    std::unique_ptr<Certificates> _certificates;
    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TlsTest, "listener");
