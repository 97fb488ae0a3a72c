#pragma once

// The fixture of the cluster-scope tests: a demo upstream and a real redis-server per test, and
// the porticod instances the test starts sharing them, each with its own folder, all stopped
// after each test.

#include "support/GatewayFixture.h"
#include "support/RedisServer.h"
#include "support/UpstreamGatewayTest.h"

#include <memory>
#include <string>
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

    // A GET on a gateway's admin API with the tests' admin token.
    static HttpResponse adminGet(Gateway& gateway, const std::string& target)
    {
        RawHttpClient client("127.0.0.1", gateway.adminPort());
        return client.request("GET " + target +
                              " HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer test-admin-token\r\n\r\n");
    }

    std::unique_ptr<RedisServer> _redis;
    std::vector<std::unique_ptr<TempDirectory>> _folders;
    std::vector<std::unique_ptr<Gateway>> _gateways;
};

} // namespace portico::test
