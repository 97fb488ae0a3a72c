#include "hostservices/LoopResponder.h"

#include "net/EventLoop.h"

namespace portico::hostservices
{

LoopResponder::LoopResponder(net::EventLoop& loop, std::shared_ptr<adapter::AdapterHandler::Ticket> ticket)
    : _loop(loop), _ticket(std::move(ticket))
{
}

LoopResponder::~LoopResponder()
{
    if (!_answered.exchange(true))
    {
        auto ticket = _ticket;
        _loop.post(
            [ticket]
            {
                if (ticket->handler != nullptr)
                {
                    ticket->handler->deliverFailure(502, "the adapter gave no answer", "");
                }
            });
    }
}

void LoopResponder::respond(plugin::Response response)
{
    if (_answered.exchange(true))
    {
        return;
    }
    auto ticket = _ticket;
    _loop.post(
        [ticket, response = std::move(response)]() mutable
        {
            if (ticket->handler != nullptr)
            {
                ticket->handler->deliver(std::move(response));
            }
        });
}

void LoopResponder::fail(int status, std::string detail, std::string extensionsJson)
{
    if (_answered.exchange(true))
    {
        return;
    }
    auto ticket = _ticket;
    _loop.post(
        [ticket, status, detail = std::move(detail), extensionsJson = std::move(extensionsJson)]
        {
            if (ticket->handler != nullptr)
            {
                ticket->handler->deliverFailure(status, detail, extensionsJson);
            }
        });
}

void LoopResponder::unavailable(std::string detail, std::chrono::seconds retryAfter)
{
    if (_answered.exchange(true))
    {
        return;
    }
    auto ticket = _ticket;
    _loop.post(
        [ticket, detail = std::move(detail), retryAfter]
        {
            if (ticket->handler != nullptr)
            {
                ticket->handler->deliverUnavailable(detail, retryAfter);
            }
        });
}

} // namespace portico::hostservices
