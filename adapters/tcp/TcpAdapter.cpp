#include "tcp/TcpAdapter.h"

#include <exception>
#include <type_traits>

namespace portico::tcp
{

namespace
{

// RequestData refers to the request's parameter vectors; a different type would not bind.
static_assert(std::is_same_v<plugin::Parameters, NameValues>);

void deliver(plugin::Responder& responder, Answer answer)
{
    if (answer.retryAfter.count() > 0)
    {
        responder.unavailable(std::move(answer.detail), answer.retryAfter);
        return;
    }
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

// Turns the exchange's outcome into the answer; nothing may escape into the host's loop.
void answerFromReply(const TcpRoute& route, plugin::Responder& responder, const plugin::StreamResult& result,
                     std::unique_ptr<plugin::ReplyReader> reader) noexcept
{
    try
    {
        // The reader is the one replyReader() made for this exchange, handed back by the host.
        deliver(responder, route.answer(result, static_cast<FrameReplyReader*>(reader.get())));
    }
    catch (...)
    {
        // The host answers 502 for a Responder dropped unanswered.
    }
}

void failInternally(plugin::Responder& responder, const char* reason) noexcept
{
    try
    {
        responder.fail(500, std::string("the tcp adapter failed: ") + reason);
    }
    catch (...)
    {
    }
}

} // namespace

TcpAdapter::TcpAdapter(std::shared_ptr<TcpRoute> route, std::shared_ptr<plugin::StreamPool> pool)
    : _route(std::move(route)), _pool(std::move(pool))
{
}

void TcpAdapter::handle(std::shared_ptr<const plugin::Request> request,
                        std::shared_ptr<plugin::Responder> responder)
{
    try
    {
        // prepare() runs to completion here, while the request is alive: a view of it suffices.
        const RequestData data{request->body, request->pathParams, request->queryParams};
        std::string frame;
        std::string key;
        Answer refusal;
        if (!_route->prepare(data, frame, key, refusal))
        {
            deliver(*responder, std::move(refusal));
            return;
        }
        auto done = [route = _route, responder](plugin::StreamResult result,
                                                std::unique_ptr<plugin::ReplyReader> reader)
        { answerFromReply(*route, *responder, result, std::move(reader)); };
        if (_route->multiplexed())
            _pool->exchangeKeyed(std::move(key), std::move(frame), _route->timeout(), std::move(done));
        else
            _pool->exchange(std::move(frame), _route->replyReader(), _route->timeout(), std::move(done));
    }
    catch (const std::exception& e)
    {
        failInternally(*responder, e.what());
    }
    catch (...)
    {
        failInternally(*responder, "unknown error");
    }
}

std::string TcpAdapter::openApiPathItem(const std::string& routePath) const
{
    return _route->openApiPathItem(routePath);
}

} // namespace portico::tcp
