#include "hostservices/LoopStreamPool.h"

#include "hostservices/StreamExchange.h"

namespace portico::hostservices
{

namespace
{

void startOn(net::EventLoop& loop, const std::shared_ptr<StreamPoolCore>& core, std::string request,
             std::unique_ptr<plugin::ReplyReader> reader, std::chrono::milliseconds timeout,
             plugin::StreamPool::Done done)
{
    auto exchange = std::make_unique<StreamExchange>(loop, core, std::move(request), std::move(reader),
                                                     loop.now() + timeout.count(), std::move(done));
    StreamExchange* started = exchange.get();
    loop.adopt(std::move(exchange));
    started->begin();
}

// An exchange on its way to a loop from another thread (a posted task must be copyable).
struct HandedOver
{
    std::string request;
    std::unique_ptr<plugin::ReplyReader> reader;
    std::chrono::milliseconds timeout;
    plugin::StreamPool::Done done;
};

} // namespace

LoopStreamPool::LoopStreamPool(std::shared_ptr<StreamPoolCore> core) : _core(std::move(core)) {}

LoopStreamPool::~LoopStreamPool()
{
    _core->close();
}

void LoopStreamPool::exchange(std::string request, std::unique_ptr<plugin::ReplyReader> reader,
                              std::chrono::milliseconds timeout, Done done)
{
    if (net::EventLoop* here = net::EventLoop::current())
    {
        startOn(*here, _core, std::move(request), std::move(reader), timeout, std::move(done));
        return;
    }
    net::EventLoop* loop = _core->loops().next();
    if (loop == nullptr)
    {
        plugin::StreamResult result;
        result.outcome = plugin::StreamResult::Outcome::Unreachable;
        result.error = "the gateway is not serving: no event loop to reach " + _core->peerName() + " from";
        done(std::move(result), std::move(reader));
        return;
    }
    auto call = std::make_shared<HandedOver>(
        HandedOver{std::move(request), std::move(reader), timeout, std::move(done)});
    loop->post(
        [core = _core, loop, call]
        {
            startOn(*loop, core, std::move(call->request), std::move(call->reader), call->timeout,
                    std::move(call->done));
        });
}

} // namespace portico::hostservices
