#pragma once

// Active health checks: one background thread probes each target of every upstream that has a
// <healthCheck>, with a plain blocking HTTP GET (this is not the data path), and flips the
// target's activelyHealthy flag after unhealthyAfter failures / healthyAfter successes in a row.

#include "proxy/UpstreamRegistry.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace portico::proxy
{

class HealthChecker
{
public:
    explicit HealthChecker(const UpstreamRegistry& registry);
    ~HealthChecker();

    void start();
    void stop();

    // One probe of target (GET path); true for a 2xx or 3xx answer within timeout.
    static bool probe(const TargetState& target, const config::HealthCheckConfig& check,
                      const Poco::Net::Context::Ptr& tls);

private:
    struct Tracked
    {
        TargetState* target;
        const UpstreamState* upstream;
        unsigned successes = 0;
        unsigned failures = 0;
        util::MonoMillis nextAt = 0;
    };

    void run();

    std::vector<Tracked> _tracked;
    std::thread _thread;
    std::mutex _mutex;
    std::condition_variable _wake;
    bool _stopping = false;
};

} // namespace portico::proxy
