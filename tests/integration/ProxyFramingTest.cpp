// Upstream answers framed by the connection's close, through a real porticod and the demo
// upstream: the gateway must see the close that arrives together with the last bytes.

#include "support/GatewayFixture.h"

#include <chrono>
#include <cppunit/extensions/HelperMacros.h>

using namespace portico::test;

class ProxyFramingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ProxyFramingTest);
    CPPUNIT_TEST(testCloseDelimitedAnswerIsCompletePromptly);
    CPPUNIT_TEST_SUITE_END();

public:
    void testCloseDelimitedAnswerIsCompletePromptly()
    {
        TempDirectory folder;
        DemoUpstream upstream(folder, "raw");
        // A 30 s upstream timeout: an answer that only ends through the timeout would take that long.
        Gateway gateway(folder,
                        gatewayConfig("<upstream name=\"raw\" timeout=\"30s\"><target url=\"" +
                                          upstream.url() + "\"/></upstream>\n",
                                      "<route name=\"raw\" path=\"/*\"><proxy upstream=\"raw\"/></route>\n"));
        for (int i = 0; i < 5; ++i)
        {
            auto started = std::chrono::steady_clock::now();
            RawHttpClient client("127.0.0.1", gateway.port(), std::chrono::seconds(20));
            HttpResponse response = client.request(simpleRequest("GET", "/close-delimited"));
            auto took = std::chrono::steady_clock::now() - started;
            CPPUNIT_ASSERT_EQUAL(200, response.status);
            // Re-framed as chunked for the HTTP/1.1 client, complete with its last chunk.
            CPPUNIT_ASSERT_EQUAL(std::string("chunked"), response.header("transfer-encoding"));
            CPPUNIT_ASSERT_EQUAL(std::string("until the close"), response.body);
            // A generous bound, far below the upstream timeout the bug would wait for.
            CPPUNIT_ASSERT(took < std::chrono::seconds(10));
        }
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ProxyFramingTest, "proxy");
