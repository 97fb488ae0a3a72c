#include "LoopHost.h"

#include "hostservices/LoopStreamPool.h"
#include "tcp/FrameReplyReader.h"

#include <cppunit/extensions/HelperMacros.h>

#include <future>

namespace portico::tcp::test
{

namespace
{

// Long enough for every bounded failure the tests provoke; a hang fails the test instead.
constexpr std::chrono::seconds answerLimit{20};

template <typename T> T await(std::future<T>& future)
{
    CPPUNIT_ASSERT_MESSAGE("no answer in time", future.wait_for(answerLimit) == std::future_status::ready);
    return future.get();
}

// Collects the adapter's answer as the tests' Answer value.
class CapturingResponder final : public plugin::Responder
{
public:
    void respond(plugin::Response response) override
    {
        std::string contentType;
        for (const plugin::Header& header : response.headers)
        {
            if (header.name == "Content-Type")
            {
                contentType = header.value;
            }
        }
        Answer answer = Answer::ok(std::move(contentType), std::move(response.body));
        answer.status = response.status;
        settle(std::move(answer));
    }

    void fail(int status, std::string detail, std::string extensionsJson) override
    {
        settle(Answer::problem(status, std::move(detail), std::move(extensionsJson)));
    }

    void unavailable(std::string detail, std::chrono::seconds retryAfter) override
    {
        settle(Answer::unavailable(std::move(detail), retryAfter));
    }

    std::future<Answer> future() { return _answer.get_future(); }

private:
    void settle(Answer answer)
    {
        if (!_settled.exchange(true))
        {
            _answer.set_value(std::move(answer));
        }
    }

    std::promise<Answer> _answer;
    std::atomic<bool> _settled{false};
};

} // namespace

LoopHost::LoopHost(unsigned loops) : _services(std::make_unique<hostservices::HostServicesImpl>(2))
{
    std::vector<net::EventLoop*> running;
    for (unsigned i = 0; i < loops; ++i)
    {
        _loops.push_back(std::make_unique<net::EventLoop>(i));
        running.push_back(_loops.back().get());
    }
    _services->attachLoops(running);
    for (auto& loop : _loops)
    {
        loop->startThread();
    }
}

LoopHost::~LoopHost()
{
    // The gateway's own order: stop the loops, detach, finish the workers, then destroy the loops.
    for (auto& loop : _loops)
    {
        loop->stop();
    }
    for (auto& loop : _loops)
    {
        loop->join();
    }
    _services->detachLoops();
    _services->stopWorkers();
    _loops.clear();
}

StreamClient::StreamClient(LoopHost& host, std::uint16_t port, std::shared_ptr<const Framing> framing,
                           std::size_t size, std::chrono::milliseconds timeout,
                           std::chrono::milliseconds connectTimeout, unsigned maxFails,
                           std::chrono::milliseconds failTimeout)
    : _host(host), _framing(std::move(framing)), _timeout(timeout)
{
    plugin::StreamPoolSettings settings;
    settings.host = "127.0.0.1";
    settings.port = port;
    settings.size = size;
    settings.connectTimeout = connectTimeout;
    settings.maxFails = maxFails;
    settings.failTimeout = failTimeout;
    _pool = host.services().streamPool(settings);
}

namespace
{

void exchangeInto(plugin::StreamPool& pool, const Framing& framing, const std::string& payload,
                  std::chrono::milliseconds timeout, std::shared_ptr<std::promise<ExchangeOutcome>> promise,
                  std::unique_ptr<plugin::ReplyReader> reader = nullptr)
{
    std::string frame;
    std::string error;
    if (!framing.encode(payload, frame, error))
    {
        ExchangeOutcome refused;
        refused.error = "the test's payload cannot be framed: " + error;
        promise->set_value(std::move(refused));
        return;
    }
    if (reader == nullptr)
    {
        reader = std::make_unique<FrameReplyReader>(framing);
    }
    pool.exchange(std::move(frame), std::move(reader), timeout,
                  [promise](plugin::StreamResult result, std::unique_ptr<plugin::ReplyReader> reader)
                  {
                      ExchangeOutcome outcome;
                      outcome.outcome = result.outcome;
                      outcome.error = result.error;
                      outcome.retryAfter = result.retryAfter;
                      if (auto* frame = dynamic_cast<FrameReplyReader*>(reader.get());
                          frame != nullptr && result.outcome == plugin::StreamResult::Outcome::Ok)
                      {
                          outcome.payload = frame->payload();
                      }
                      promise->set_value(std::move(outcome));
                  });
}

} // namespace

ExchangeOutcome StreamClient::send(const std::string& payload, unsigned loopIndex)
{
    auto promise = std::make_shared<std::promise<ExchangeOutcome>>();
    std::future<ExchangeOutcome> future = promise->get_future();
    _host.loop(loopIndex).post([this, payload, promise]
                               { exchangeInto(*_pool, *_framing, payload, _timeout, promise); });
    return await(future);
}

ExchangeOutcome StreamClient::send(const std::string& payload, std::chrono::milliseconds timeout)
{
    auto promise = std::make_shared<std::promise<ExchangeOutcome>>();
    std::future<ExchangeOutcome> future = promise->get_future();
    _host.loop(0).post([this, payload, timeout, promise]
                       { exchangeInto(*_pool, *_framing, payload, timeout, promise); });
    return await(future);
}

ExchangeOutcome StreamClient::sendFromOutside(const std::string& payload)
{
    auto promise = std::make_shared<std::promise<ExchangeOutcome>>();
    std::future<ExchangeOutcome> future = promise->get_future();
    exchangeInto(*_pool, *_framing, payload, _timeout, promise);
    return await(future);
}

ExchangeOutcome StreamClient::sendWith(const std::string& payload,
                                       std::unique_ptr<plugin::ReplyReader> reader)
{
    auto promise = std::make_shared<std::promise<ExchangeOutcome>>();
    std::future<ExchangeOutcome> future = promise->get_future();
    auto handedOver = std::make_shared<std::unique_ptr<plugin::ReplyReader>>(std::move(reader));
    _host.loop(0).post(
        [this, payload, promise, handedOver]
        { exchangeInto(*_pool, *_framing, payload, _timeout, promise, std::move(*handedOver)); });
    return await(future);
}

std::size_t StreamClient::openConnections() const
{
    return dynamic_cast<const hostservices::LoopStreamPool&>(*_pool).core().openConnections();
}

RouteClient::RouteClient(LoopHost& host, std::shared_ptr<TcpRoute> route)
    : _host(host), _route(std::move(route)),
      _adapter(std::make_unique<TcpAdapter>(_route, host.services().streamPool(_route->poolSettings())))
{
}

Answer RouteClient::handle(const RequestData& data)
{
    auto request = std::make_shared<plugin::Request>();
    request->body = data.body;
    request->pathParams = data.pathParams;
    request->queryParams = data.queryParams;
    auto responder = std::make_shared<CapturingResponder>();
    std::future<Answer> future = responder->future();
    _host.loop(0).post([this, request, responder] { _adapter->handle(request, responder); });
    return await(future);
}

} // namespace portico::tcp::test
