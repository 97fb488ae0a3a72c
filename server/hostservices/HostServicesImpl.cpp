#include "hostservices/HostServicesImpl.h"
#include "hostservices/PeerRegistry.h"

#include "hostservices/LoopHttpClient.h"
#include "hostservices/LoopStreamPool.h"
#include "hostservices/MultiplexedPool.h"
#include "log/ServerLog.h"
#include "net/EventLoop.h"
#include "net/LoopSet.h"
#include "net/TlsContextFactory.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <map>
#include <mutex>

namespace portico::hostservices
{

namespace
{

// Keep-alive sessions of this thread, one per origin: a worker reuses its connection to a SOAP
// endpoint from one call to the next.
Poco::Net::HTTPClientSession& sessionFor(const Poco::URI& uri, bool& reused)
{
    thread_local std::map<std::string, std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
    std::string origin = uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
    auto found = sessions.find(origin);
    if (found != sessions.end() && found->second->connected())
    {
        reused = true;
        return *found->second;
    }
    reused = false;
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https")
    {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(
            uri.getHost(), uri.getPort(), net::TlsContextFactory::verifyingClientContext());
    }
    else
    {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setKeepAlive(true);
    Poco::Net::HTTPClientSession& result = *session;
    sessions[origin] = std::move(session);
    return result;
}

plugin::HttpResult exchange(const plugin::HttpCall& call, bool& retryable)
{
    plugin::HttpResult result;
    retryable = false;
    bool reused = false;
    bool sent = false;
    try
    {
        Poco::URI uri(call.url);
        if (uri.getScheme() != "http" && uri.getScheme() != "https")
        {
            result.outcome = plugin::HttpResult::Outcome::Unreachable;
            result.error = "unsupported URL scheme in " + call.url;
            return result;
        }
        Poco::Net::HTTPClientSession& session = sessionFor(uri, reused);
        long micros = static_cast<long>(call.timeout.count()) * 1000;
        session.setTimeout(Poco::Timespan(micros / 1000000, micros % 1000000));
        std::string target = uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery();
        Poco::Net::HTTPRequest request(call.method, target, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setKeepAlive(true);
        for (const plugin::Header& header : call.headers)
        {
            request.set(header.name, header.value);
        }
        request.setContentLength(static_cast<std::streamsize>(call.body.size()));
        std::ostream& body = session.sendRequest(request);
        body.write(call.body.data(), static_cast<std::streamsize>(call.body.size()));
        sent = true;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        Poco::StreamCopier::copyToString(in, result.body);
        result.outcome = plugin::HttpResult::Outcome::Ok;
        result.status = response.getStatus();
        for (const auto& field : response)
        {
            result.headers.push_back({field.first, field.second});
        }
        if (!response.getKeepAlive())
        {
            session.reset();
        }
        return result;
    }
    catch (const Poco::TimeoutException& e)
    {
        result.outcome = plugin::HttpResult::Outcome::TimedOut;
        result.error = "no answer within the timeout";
    }
    catch (const Poco::Net::NoMessageException& e)
    {
        // The peer closed a kept-alive connection before answering: safe to try once more.
        retryable = reused;
        result.outcome = plugin::HttpResult::Outcome::Unreachable;
        result.error = "the connection was closed before an answer";
    }
    catch (const Poco::Net::MessageException& e)
    {
        result.outcome = plugin::HttpResult::Outcome::BadResponse;
        result.error = "malformed HTTP answer: " + e.displayText();
    }
    catch (const Poco::Exception& e)
    {
        retryable = reused && !sent;
        result.outcome = plugin::HttpResult::Outcome::Unreachable;
        result.error = e.displayText();
    }
    catch (const std::exception& e)
    {
        result.outcome = plugin::HttpResult::Outcome::Unreachable;
        result.error = e.what();
    }
    try
    {
        Poco::URI uri(call.url);
        bool ignored = false;
        sessionFor(uri, ignored).reset();
    }
    catch (...)
    {
    }
    return result;
}

} // namespace

HostServicesImpl::HostServicesImpl(unsigned workerThreads)
    : _workers(std::make_unique<hostservices::WorkerPool>(workerThreads == 0 ? 16 : workerThreads)),
      _streamLoops(std::make_shared<net::LoopSet>())
{
}

HostServicesImpl::~HostServicesImpl() = default;

plugin::HttpResult HostServicesImpl::httpBlocking(const plugin::HttpCall& call)
{
    bool retryable = false;
    plugin::HttpResult result = exchange(call, retryable);
    if (retryable)
    {
        result = exchange(call, retryable);
    }
    return result;
}

void HostServicesImpl::attachLoops(const std::vector<net::EventLoop*>& loops)
{
    std::lock_guard<std::mutex> lock(_clientMutex);
    _loopClient = std::make_shared<LoopHttpClient>(loops);
    _streamLoops->attach(loops);
}

void HostServicesImpl::detachLoops()
{
    std::shared_ptr<LoopHttpClient> client;
    {
        std::lock_guard<std::mutex> lock(_clientMutex);
        client.swap(_loopClient);
    }
    _streamLoops->detach();
}

std::shared_ptr<plugin::StreamPool> HostServicesImpl::streamPool(const plugin::StreamPoolSettings& settings)
{
    auto core = std::make_shared<hostservices::StreamPoolCore>(settings, _streamLoops);
    PeerRegistry::shared().pools.enroll(core);
    if (settings.inFlightPerConnection > 1)
        return std::make_shared<hostservices::MultiplexedStreamPool>(
            std::make_shared<hostservices::MultiplexedPool>(std::move(core)));
    return std::make_shared<hostservices::LoopStreamPool>(std::move(core));
}

void HostServicesImpl::http(plugin::HttpCall call, std::function<void(plugin::HttpResult)> done)
{
    // attachLoops() runs before the loops start and detachLoops() after they have stopped, so on a
    // loop thread the client cannot change: the common call takes no lock.
    if (net::EventLoop::current() != nullptr && _loopClient)
    {
        _loopClient->send(std::move(call), std::move(done));
        return;
    }
    std::shared_ptr<LoopHttpClient> client;
    {
        std::lock_guard<std::mutex> lock(_clientMutex);
        client = _loopClient;
    }
    if (client)
    {
        client->send(std::move(call), std::move(done));
        return;
    }
    submit(
        [this, call = std::move(call), done = std::move(done)]()
        {
            plugin::HttpResult result = httpBlocking(call);
            done(std::move(result));
        });
}

void HostServicesImpl::submit(std::function<void()> work)
{
    std::lock_guard<std::mutex> lock(_workersMutex);
    if (_workers)
    {
        _workers->submit(std::move(work));
    }
}

void HostServicesImpl::stopWorkers()
{
    std::unique_ptr<hostservices::WorkerPool> workers;
    {
        std::lock_guard<std::mutex> lock(_workersMutex);
        workers.swap(_workers);
    }
    workers.reset(); // joins after the queue is done, outside the lock (tasks may call submit)
}

void HostServicesImpl::log(plugin::LogLevel level, const std::string& message)
{
    static const char* const names[] = {"debug", "info", "warning", "error"};
    static const log::Level levels[] = {log::Level::Debug, log::Level::Info, log::Level::Warning,
                                        log::Level::Error};
    log::serverLog(levels[static_cast<int>(level)],
                   std::string("plugin ") + names[static_cast<int>(level)] + ": " + message);
}

} // namespace portico::hostservices
