// Thousands of idle keep-alive clients against a real porticod: each costs at most 16 KiB of the
// gateway's resident memory once it has been quiet for a while (its buffers and the last
// exchange's storage are given back, and the freed pages returned to the system), a new client is
// still served, and the idle connections still work afterwards.

#include "support/GatewayFixture.h"
#include "support/ResidentMemory.h"
#include "support/Sanitizers.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace portico::test;

namespace
{

using Clock = std::chrono::steady_clock;

} // namespace

class IdleConnectionsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(IdleConnectionsTest);
    CPPUNIT_TEST(testTenThousandIdleConnections);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTenThousandIdleConnections()
    {
        const int margin = 200;
        const int wanted = 10000;
        const rlim_t limit = raiseDescriptorLimit(wanted + margin);
        const int count = std::min<int>(wanted, static_cast<int>(limit) - margin);
        CPPUNIT_ASSERT_MESSAGE("the descriptor limit allows only " + std::to_string(limit), count >= 1000);

        TempDirectory folder;
        DemoUpstream upstream(folder, "echo");
        Gateway gateway(
            folder,
            gatewayConfig("<upstream name=\"u\"><target url=\"" + upstream.url() + "\"/></upstream>\n",
                          "<route name=\"echo\" path=\"/echo/*\"><proxy upstream=\"u\"/></route>\n",
                          "<limits idleTimeout=\"300s\"/>"));
        const pid_t pid = gateway.process().pid();
        // A few requests first, so the measured growth is the connections' and not the first
        // request's one-time allocations (pools, caches, thread arenas).
        for (int i = 0; i < 50; ++i)
            CPPUNIT_ASSERT_EQUAL(200, gateway.get("/echo/warm").status);
        std::this_thread::sleep_for(std::chrono::seconds(2));
        const long before = residentKiB(pid);

        std::vector<std::unique_ptr<RawHttpClient>> idle;
        idle.reserve(static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i)
        {
            auto client =
                std::make_unique<RawHttpClient>("127.0.0.1", gateway.port(), std::chrono::seconds(10));
            CPPUNIT_ASSERT_MESSAGE("connection " + std::to_string(i) + " refused", client->connected());
            const HttpResponse answer = client->request(simpleRequest("GET", "/echo/" + std::to_string(i)));
            CPPUNIT_ASSERT_EQUAL_MESSAGE("connection " + std::to_string(i), 200, answer.status);
            CPPUNIT_ASSERT(!answer.closed);
            idle.push_back(std::move(client));
        }
        const long busy = residentKiB(pid);

        // Quiet for a second, a connection gives its memory back; a loop returns freed pages at
        // most every 5 s. So the figure is read once that has surely happened for every one of
        // them (7 s), then for at most 8 s more while it is still above the budget.
        const long budgetKiB = 16L * count;
        std::this_thread::sleep_for(std::chrono::seconds(7));
        long now = residentKiB(pid);
        for (int i = 0; i < 20 && now - before > budgetKiB; ++i)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            now = residentKiB(pid);
        }
        std::ostringstream figures;
        figures << count << " idle connections: " << (busy - before) * 1024 / count
                << " bytes each right after their request, " << (now - before) * 1024 / count
                << " bytes each once idle (resident " << before << " KiB before, " << now << " KiB after)";
        std::cout << "\n" << figures.str() << std::endl;
        // Under a sanitizer the figure is reported only (see support/Sanitizers.h).
        if (!memoryIsSanitized) CPPUNIT_ASSERT_MESSAGE(figures.str(), now - before <= budgetKiB);

        // A new client is served at once beside them (the time is reported, not asserted).
        const Clock::time_point start = Clock::now();
        CPPUNIT_ASSERT_EQUAL(200, gateway.get("/echo/new").status);
        const auto waited = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
        std::cout << "a new client beside them was answered in " << waited.count() / 1000.0 << " ms"
                  << std::endl;

        // The idle connections still work: their buffers come back with the next request.
        for (int i = 0; i < count; i += count / 100)
        {
            const HttpResponse again = idle[static_cast<std::size_t>(i)]->request(
                simpleRequest("POST", "/echo/again-" + std::to_string(i), "", std::string(20000, 'x')));
            CPPUNIT_ASSERT_EQUAL_MESSAGE("idle connection " + std::to_string(i), 200, again.status);
            CPPUNIT_ASSERT(again.body.find("again-" + std::to_string(i)) != std::string::npos);
        }
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(IdleConnectionsTest, "idle");
