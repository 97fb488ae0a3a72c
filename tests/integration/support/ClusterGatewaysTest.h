#pragma once

// The fixture of the cluster-scope tests: a demo upstream and a real redis-server per test, and
// the porticod instances the test starts sharing them, each with its own folder, all stopped
// after each test.

#include "support/GatewayFixture.h"
#include "support/RedisServer.h"
#include "support/UpstreamGatewayTest.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace portico::test
{

class ClusterGatewaysTest : public UpstreamGatewayTest
{
public:
    void setUp() override
    {
        UpstreamGatewayTest::setUp();
        _redis = std::make_unique<RedisServer>(*_folder);
    }

    void tearDown() override
    {
        _gateways.clear();
        _redis.reset();
        UpstreamGatewayTest::tearDown();
    }

protected:
    // One more gateway with these routes, <redis> (timeout 100 ms, this failure behaviour) and
    // topLevel (more elements before <upstreams>).
    Gateway& startGateway(const std::string& routes, const std::string& failure,
                          const std::string& topLevel = "")
    {
        std::string config = gatewayConfig("", routes);
        config.insert(config.find("  <upstreams>"), "  <redis address=\"" + _redis->address() +
                                                        "\" timeout=\"100ms\" failure=\"" + failure +
                                                        "\"/>\n" + topLevel);
        _folders.push_back(std::make_unique<TempDirectory>());
        _gateways.push_back(std::make_unique<Gateway>(*_folders.back(), config));
        return *_gateways.back();
    }

    struct Tally
    {
        std::atomic<int> admitted{0}; // 200
        std::atomic<int> refused{0};  // what isRefusal accepts
        std::atomic<int> other{0};
    };
    // clients threads at once, client i sending requestsEach GETs of target (with headers) to
    // gateway i modulo the gateways started, each answer counted.
    void spreadRequests(Tally& tally, int clients, int requestsEach, const std::string& target,
                        const std::string& headers, const std::function<bool(const HttpResponse&)>& isRefusal)
    {
        std::vector<std::thread> threads;
        for (int i = 0; i < clients; ++i)
            threads.emplace_back(
                [&, i]
                {
                    Gateway& gateway = *_gateways[static_cast<std::size_t>(i) % _gateways.size()];
                    for (int n = 0; n < requestsEach; ++n)
                    {
                        const HttpResponse answer = gateway.get(target + std::to_string(n), headers);
                        if (answer.status == 200)
                            ++tally.admitted;
                        else if (isRefusal(answer))
                            ++tally.refused;
                        else
                            ++tally.other;
                    }
                });
        for (std::thread& thread : threads)
            thread.join();
    }

    // A GET on a gateway's admin API with the tests' admin token.
    static HttpResponse adminGet(Gateway& gateway, const std::string& target)
    {
        return adminCall(gateway, "GET", target);
    }

    std::unique_ptr<RedisServer> _redis;
    std::vector<std::unique_ptr<TempDirectory>> _folders;
    std::vector<std::unique_ptr<Gateway>> _gateways;
};

} // namespace portico::test
