#include "proxy/HealthChecker.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <memory>

namespace portico::proxy
{

HealthChecker::HealthChecker(const UpstreamRegistry& registry)
{
    for (const auto& upstream : registry.upstreams())
    {
        if (!upstream->config->healthCheck.enabled)
        {
            continue;
        }
        for (const auto& target : upstream->targets)
        {
            _tracked.push_back(Tracked{target.get(), upstream.get()});
        }
    }
}

HealthChecker::~HealthChecker()
{
    stop();
}

void HealthChecker::start()
{
    if (_tracked.empty() || _thread.joinable())
    {
        return;
    }
    _stopping = false;
    _thread = std::thread([this] { run(); });
}

void HealthChecker::stop()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable())
    {
        _thread.join();
    }
}

bool HealthChecker::probe(const TargetState& target, const config::HealthCheckConfig& check,
                          const Poco::Net::Context::Ptr& tls)
{
    if (!target.resolved)
    {
        return false;
    }
    try
    {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (target.config.https)
        {
            session =
                std::make_unique<Poco::Net::HTTPSClientSession>(target.config.host, target.config.port, tls);
        }
        else
        {
            session = std::make_unique<Poco::Net::HTTPClientSession>(target.config.host, target.config.port);
        }
        Poco::Timespan timeout(static_cast<long>(check.timeout.count() / 1000),
                               static_cast<long>((check.timeout.count() % 1000) * 1000));
        session->setTimeout(timeout);
        session->setKeepAlive(false);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target.config.basePath + check.path,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setHost(target.hostHeader);
        request.set("User-Agent", "porticod-health-check");
        session->sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& body = session->receiveResponse(response);
        Poco::NullOutputStream discard;
        Poco::StreamCopier::copyStream(body, discard);
        int status = response.getStatus();
        return status >= 200 && status < 400;
    }
    catch (...)
    {
        return false;
    }
}

void HealthChecker::run()
{
    while (true)
    {
        util::MonoMillis now = util::monotonicMillis();
        util::MonoMillis next = now + 1000;
        for (Tracked& tracked : _tracked)
        {
            const config::HealthCheckConfig& check = tracked.upstream->config->healthCheck;
            if (tracked.nextAt > now)
            {
                next = std::min(next, tracked.nextAt);
                continue;
            }
            bool healthy = probe(*tracked.target, check, tracked.upstream->tls);
            if (healthy)
            {
                tracked.failures = 0;
                if (++tracked.successes >= check.healthyAfter)
                {
                    tracked.target->activelyHealthy.store(true, std::memory_order_relaxed);
                }
            }
            else
            {
                tracked.successes = 0;
                if (++tracked.failures >= check.unhealthyAfter)
                {
                    tracked.target->activelyHealthy.store(false, std::memory_order_relaxed);
                }
            }
            now = util::monotonicMillis();
            tracked.nextAt = now + check.interval.count();
            next = std::min(next, tracked.nextAt);
        }
        std::unique_lock<std::mutex> lock(_mutex);
        if (_wake.wait_for(lock, std::chrono::milliseconds(std::max<util::MonoMillis>(1, next - now)),
                           [this] { return _stopping; }))
        {
            return;
        }
    }
}

} // namespace portico::proxy
