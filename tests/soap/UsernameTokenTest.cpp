#include "soap/UsernameToken.h"
#include "soap/Namespaces.h"
#include "soap/SecureXml.h"
#include "soap/XmlNames.h"
#include "soap/XsdLexical.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::soap;

class UsernameTokenTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(UsernameTokenTest);
    CPPUNIT_TEST(testDigestVectors);
    CPPUNIT_TEST(testDigestHeader);
    CPPUNIT_TEST(testTextHeader);
    CPPUNIT_TEST(testFreshNonceAndTime);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDigestVectors()
    {
        // Computed independently with Python:
        //   base64.b64encode(hashlib.sha1(nonce + created.encode() + password.encode()).digest())
        const std::string nonce("\x8f\x3a\x1c\x5e\x2b\x7d\x90\x46\xa1\xe3\xc5\xb7\xd9\xf0\x24\x68", 16);
        CPPUNIT_ASSERT_EQUAL(std::string("k17ehQboc8CljixtKHvK0bLsO2w="),
                             UsernameToken::passwordDigest(nonce, "2024-03-15T10:20:30.456Z",
                                                           "Correct horse battery staple!"));
        CPPUNIT_ASSERT_EQUAL(std::string("jzocXit9kEah48W32fAkaA=="), UsernameToken::base64(nonce));
        // The example commonly used with WSS4J / SoapUI (nonce given in base64).
        const std::string exampleNonce("\x2c\xaa\x88\xe8\x6f\xc0\x8a\x42\x82\x42\xb3\x74\xce\xa6\x45\x96",
                                       16);
        CPPUNIT_ASSERT_EQUAL(std::string("LKqI6G/AikKCQrN0zqZFlg=="), UsernameToken::base64(exampleNonce));
        CPPUNIT_ASSERT_EQUAL(
            std::string("tuOSpGlFlIXsozq4HFNeeGeFLEI="),
            UsernameToken::passwordDigest(exampleNonce, "2010-09-16T07:50:45Z", "userpassword"));
    }

    void testDigestHeader()
    {
        WsSecurityConfig config;
        config.username = "alice";
        config.password = "secret";
        config.type = WsSecurityConfig::PasswordType::Digest;
        pugi::xml_document document;
        pugi::xml_node envelope = document.append_child("soap:Envelope");
        envelope.append_attribute("xmlns:soap") = ns::soap11Envelope;
        pugi::xml_node header = envelope.append_child("soap:Header");
        UsernameToken(config).appendTo(header, "soap", std::string(16, '\x01'), "2024-01-01T00:00:00.000Z");

        const pugi::xml_node security = header.first_child();
        CPPUNIT_ASSERT(isElement(security, ns::wsse, "Security"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"),
                             std::string(security.attribute("soap:mustUnderstand").value()));
        const pugi::xml_node token = security.child("wsse:UsernameToken");
        CPPUNIT_ASSERT_EQUAL(std::string("alice"), std::string(token.child("wsse:Username").text().get()));
        const pugi::xml_node password = token.child("wsse:Password");
        CPPUNIT_ASSERT_EQUAL(std::string(ns::passwordDigest),
                             std::string(password.attribute("Type").value()));
        CPPUNIT_ASSERT_EQUAL(
            UsernameToken::passwordDigest(std::string(16, '\x01'), "2024-01-01T00:00:00.000Z", "secret"),
            std::string(password.text().get()));
        CPPUNIT_ASSERT(std::string(password.text().get()) != "secret");
        const pugi::xml_node nonce = token.child("wsse:Nonce");
        CPPUNIT_ASSERT_EQUAL(std::string(ns::base64Binary),
                             std::string(nonce.attribute("EncodingType").value()));
        CPPUNIT_ASSERT_EQUAL(std::string("AQEBAQEBAQEBAQEBAQEBAQ=="), std::string(nonce.text().get()));
        const pugi::xml_node created = token.child("wsu:Created");
        CPPUNIT_ASSERT(isElement(created, ns::wsu, "Created"));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-01-01T00:00:00.000Z"), std::string(created.text().get()));
    }

    void testTextHeader()
    {
        WsSecurityConfig config;
        config.username = "bob";
        config.password = "plain";
        pugi::xml_document document;
        pugi::xml_node header = document.append_child("s:Header");
        CPPUNIT_ASSERT(UsernameToken(config).appendTo(header, "s"));
        const pugi::xml_node token = header.child("wsse:Security").child("wsse:UsernameToken");
        CPPUNIT_ASSERT_EQUAL(std::string("plain"), std::string(token.child("wsse:Password").text().get()));
        CPPUNIT_ASSERT_EQUAL(std::string(ns::passwordText),
                             std::string(token.child("wsse:Password").attribute("Type").value()));
        CPPUNIT_ASSERT(!token.child("wsse:Nonce"));
        CPPUNIT_ASSERT(header.child("wsse:Security").attribute("s:mustUnderstand"));
    }

    void testFreshNonceAndTime()
    {
        std::string first, second;
        CPPUNIT_ASSERT(UsernameToken::randomNonce(first));
        CPPUNIT_ASSERT(UsernameToken::randomNonce(second));
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), first.size());
        CPPUNIT_ASSERT(first != second);
        const std::string created = UsernameToken::createdNow();
        // 2024-03-15T10:20:30.456Z
        CPPUNIT_ASSERT_EQUAL(std::size_t(24), created.size());
        CPPUNIT_ASSERT_EQUAL('T', created[10]);
        CPPUNIT_ASSERT_EQUAL('.', created[19]);
        CPPUNIT_ASSERT_EQUAL('Z', created[23]);
        std::string reason;
        CPPUNIT_ASSERT_MESSAGE(created, checkLexical(XsdBuiltin::DateTime, created, reason));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(UsernameTokenTest, "soap");
