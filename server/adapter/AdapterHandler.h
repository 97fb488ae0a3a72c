#pragma once

// The handler stage for <adapter> routes: collects the request (the body whole, within
// maxBodyBytes), hands it to the plugin's Adapter, and writes the plugin's answer back when its
// Responder is called — from any thread, delivered to the connection's own event loop.

#include "pipeline/Handler.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <string>

namespace portico::config
{
struct RouteConfig;
}

namespace portico::adapter
{

class AdapterHandlerFactory final : public pipeline::HandlerFactory
{
public:
    // route outlives the factory (same Runtime); adapter may also serve the same route of the
    // Runtime this one replaced (a reload that left the route's adapter as it was).
    AdapterHandlerFactory(const config::RouteConfig& route, std::shared_ptr<plugin::Adapter> adapter);
    std::unique_ptr<pipeline::Handler> create(net::EventLoop& loop) const override;

    plugin::Adapter& adapter() const { return *_adapter; }
    const std::shared_ptr<plugin::Adapter>& sharedAdapter() const { return _adapter; }
    const config::RouteConfig& route() const { return _route; }

private:
    const config::RouteConfig& _route;
    std::shared_ptr<plugin::Adapter> _adapter;
};

class AdapterHandler final : public pipeline::Handler
{
public:
    // Links a Responder to the exchange it answers; touched only on the loop thread.
    struct Ticket
    {
        AdapterHandler* handler = nullptr;
    };

    AdapterHandler(const AdapterHandlerFactory& factory, net::EventLoop& loop);
    ~AdapterHandler() override;

    void start(pipeline::Exchange& exchange, pipeline::ResponseChannel& channel) override;
    void onRequestBody(const char* data, std::size_t length) override;
    void onRequestBodyEnd() override;
    void onClientWritable() override {}
    void onTick(util::MonoMillis now) override;
    void abort() override;
    const pipeline::HandlerFactory* factory() const override { return &_factory; }

    // Called on the loop thread with the plugin's answer.
    void deliver(plugin::Response response);
    void deliverFailure(int status, const std::string& detail, const std::string& extensionsJson);
    // 503 with Retry-After: the adapter's back end is known to be down (its circuit breaker is open).
    void deliverUnavailable(const std::string& detail, std::chrono::seconds retryAfter);

private:
    void release();

    const AdapterHandlerFactory& _factory;
    net::EventLoop& _loop;
    pipeline::Exchange* _exchange = nullptr;
    pipeline::ResponseChannel* _channel = nullptr;
    std::shared_ptr<plugin::Request> _request;
    std::shared_ptr<Ticket> _ticket;
    util::MonoMillis _deadline = 0;
    plugin::Response _response; // kept while the head views its headers and body is sent
};

} // namespace portico::adapter
