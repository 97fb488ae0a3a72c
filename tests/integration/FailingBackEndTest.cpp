// A real porticod in front of a back end that fails on purpose (tests/demo/faults), its circuit
// breakers off (maxFails="0") so that every request meets the fault: refusing
// connections, resetting before or during its answer, cutting a chunked body, answering garbage,
// answering too slowly, and closing kept-alive connections right after answering. Each fault gets
// the contract's answer, the next normal request works, and five rounds of every fault leave the
// gateway with no more descriptors or threads than one round did.

#include "support/GatewayFixture.h"
#include "support/ProcessHoldings.h"
#include "support/ScriptService.h"

#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>
#include <vector>

using namespace portico::test;

namespace
{

using std::chrono::seconds;

} // namespace

class FailingBackEndTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FailingBackEndTest);
    CPPUNIT_TEST(testEveryFaultAnsweredAndRecoveredWithoutLeaks);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEveryFaultAnsweredAndRecoveredWithoutLeaks()
    {
        TempDirectory folder;
        ScriptService faulty(folder, "faulty", "tests/demo/faults/faulty_upstream.py");
        const unsigned short nobody = freePort(); // nothing listens there: connections are refused
        Gateway gateway(
            folder,
            gatewayConfig(
                "<upstream name=\"faulty\" timeout=\"1s\" connectTimeout=\"1s\" retries=\"0\" maxFails=\"0\">"
                "<target url=\"http://" +
                    faulty.address() +
                    "\"/></upstream>\n"
                    "<upstream name=\"refusing\" retries=\"0\" maxFails=\"0\"><target "
                    "url=\"http://127.0.0.1:" +
                    std::to_string(nobody) + "\"/></upstream>\n",
                "<route name=\"faulty\" path=\"/f/*\"><proxy upstream=\"faulty\"/></route>\n"
                "<route name=\"refusing\" path=\"/refusing/*\"><proxy upstream=\"refusing\"/></route>\n"));
        ProcessHoldings afterFirst;
        for (int round = 1; round <= 5; ++round)
        {
            const std::string when = "round " + std::to_string(round) + ": ";
            assertFault(gateway, "/refusing/x", 502, when + "connection refused");
            assertFault(gateway, "/f/reset-before-head", 502, when + "reset before the head");
            assertFault(gateway, "/f/garbage", 502, when + "garbage");
            assertFault(gateway, "/f/slow", 504, when + "too slow");
            assertCutOff(gateway, "/f/reset-mid-body", 1000, when + "reset in the body");
            assertCutOff(gateway, "/f/truncated-chunked", 0, when + "chunked body cut");

            // Each answer is followed by the back end's close: the kept-alive connection the
            // gateway pooled is dead when the next request wants it.
            RawHttpClient client("127.0.0.1", gateway.port(), seconds(10));
            for (int i = 0; i < 5; ++i)
            {
                const HttpResponse answer = client.request(simpleRequest("GET", "/f/close-after-answer"));
                CPPUNIT_ASSERT_EQUAL_MESSAGE(when + "answer " + std::to_string(i) + " after a close", 200,
                                             answer.status);
            }
            if (round == 1)
            {
                afterFirst = holdingsOf(gateway.process().pid());
            }
        }
        // Pooled connections come and go; what a fault leaves behind would add up over rounds.
        assertNothingLeftBehind(afterFirst, holdingsOf(gateway.process().pid()), 2, "five rounds");
    }

private:
    // The gateway answers the fault with status as problem+json, and the back end's next normal
    // answer comes through.
    static void assertFault(Gateway& gateway, const std::string& path, int status, const std::string& what)
    {
        const HttpResponse answer = gateway.get(path);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, status, answer.status);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what, std::string("application/problem+json"),
                                     answer.header("content-type"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ", then /f/ok", 200, gateway.get("/f/ok").status);
    }

    // Once the head has gone to the client no status can be changed: the client gets a body that
    // is visibly short, and the connection closes, so it cannot take the answer for a whole one.
    static void assertCutOff(Gateway& gateway, const std::string& path, std::size_t announced,
                             const std::string& what)
    {
        RawHttpClient client("127.0.0.1", gateway.port(), seconds(10));
        const HttpResponse answer = client.request(simpleRequest("GET", path));
        CPPUNIT_ASSERT_MESSAGE(what + ": " + answer.statusLine, answer.status == 200 || answer.status == 502);
        if (answer.status == 200)
        {
            if (announced > 0) CPPUNIT_ASSERT_MESSAGE(what, answer.body.size() < announced);
            CPPUNIT_ASSERT_MESSAGE(what + ": the connection stayed open",
                                   answer.closed || client.waitForClose(seconds(3)));
        }
        CPPUNIT_ASSERT_EQUAL_MESSAGE(what + ", then /f/ok", 200, gateway.get("/f/ok").status);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FailingBackEndTest, "faults");
