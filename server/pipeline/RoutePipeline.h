#pragma once

// The compiled pipeline of one route: its request policies in configuration order, its
// handler and its response policies. Built once per configuration; read-only afterwards.

#include "config/Config.h"
#include "pipeline/Handler.h"

#include <memory>
#include <vector>

namespace portico::pipeline
{

struct Exchange;

// A request policy (authentication, rate limits, … as later modules add them). Returns 0 to
// let the request through, or an HTTP status to answer with (problem+json, detail set).
class RequestPolicy
{
public:
    virtual ~RequestPolicy() = default;
    virtual int onRequest(Exchange& exchange, const char*& detail) const = 0;
};

class RoutePipeline
{
public:
    RoutePipeline(const config::RouteConfig& route, std::unique_ptr<HandlerFactory> handler)
        : _route(route), _handler(std::move(handler))
    {
    }

    const config::RouteConfig& config() const { return _route; }
    const HandlerFactory& handler() const { return *_handler; }
    const std::vector<std::unique_ptr<RequestPolicy>>& requestPolicies() const { return _requestPolicies; }
    void addRequestPolicy(std::unique_ptr<RequestPolicy> policy) { _requestPolicies.push_back(std::move(policy)); }

private:
    const config::RouteConfig& _route;
    std::unique_ptr<HandlerFactory> _handler;
    std::vector<std::unique_ptr<RequestPolicy>> _requestPolicies;
};

// Observers of finished exchanges (access log; audit later). Called on the loop thread.
class CompletionStage
{
public:
    virtual ~CompletionStage() = default;
    virtual void onComplete(const Exchange& exchange, util::MonoMillis now) = 0;
};

} // namespace portico::pipeline
