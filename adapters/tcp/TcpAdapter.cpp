#include "tcp/TcpAdapter.h"

#include <exception>

namespace portico::tcp
{

namespace
{

void deliver(plugin::Responder& responder, Answer answer)
{
    if (answer.isProblem())
    {
        responder.fail(answer.status, std::move(answer.detail), std::move(answer.extensionsJson));
        return;
    }
    plugin::Response response;
    response.status = answer.status;
    response.headers.push_back({"Content-Type", std::move(answer.contentType)});
    response.body = std::move(answer.body);
    responder.respond(std::move(response));
}

} // namespace

TcpAdapter::TcpAdapter(std::shared_ptr<TcpRoute> route, plugin::HostServices& host)
    : _route(std::move(route)), _host(host)
{
}

TcpAdapter::~TcpAdapter()
{
    // Every exchange ends by its deadline, so this wait is bounded, and it is empty unless requests
    // are in flight while the route is being replaced or the gateway stops.
    const auto limit = _route->timeout() + _route->config().pool.connectTimeout + std::chrono::seconds(1);
    if (!_work->waitIdle(limit))
    {
        try
        {
            _host.log(plugin::LogLevel::Warning,
                      "tcp adapter: " + std::to_string(_work->count()) +
                          " exchange(s) still running when the adapter was destroyed");
        }
        catch (...)
        {
        }
    }
}

void TcpAdapter::handle(std::shared_ptr<const plugin::Request> request,
                        std::shared_ptr<plugin::Responder> responder)
{
    try
    {
        const Deadline deadline = Clock::now() + _route->timeout();
        RequestData data{request->body, request->pathParams, request->queryParams};
        std::string frame;
        Answer refusal;
        if (!_route->prepare(data, frame, refusal))
        {
            deliver(*responder, std::move(refusal));
            return;
        }
        _host.submit(
            [route = _route, frame = std::move(frame), deadline, responder, token = _work->enter()]
            {
                try
                {
                    deliver(*responder, route->exchange(frame, deadline));
                }
                catch (...)
                {
                    // The host answers 502 for a Responder dropped unanswered; nothing may escape here.
                }
            });
    }
    catch (const std::exception& e)
    {
        try
        {
            responder->fail(500, std::string("the tcp adapter failed: ") + e.what());
        }
        catch (...)
        {
        }
    }
    catch (...)
    {
        try
        {
            responder->fail(500, "the tcp adapter failed");
        }
        catch (...)
        {
        }
    }
}

std::string TcpAdapter::openApiPathItem(const std::string& routePath) const
{
    return _route->openApiPathItem(routePath);
}

} // namespace portico::tcp
