#include "pipeline/ChainHarness.h"

#include "listener/ClientConnection.h"
#include "net/Transport.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::test
{

namespace
{

using Clock = std::chrono::steady_clock;

// Answers "echo:BODY" with 200 once the whole request body is in. Like the adapter handler, it goes
// on with its body and finish() after sendHead() without asking whether it was let go meanwhile.
class EchoHandler final : public pipeline::Handler
{
public:
    EchoHandler(const pipeline::HandlerFactory& factory, EventLog& log) : _factory(factory), _log(log) {}

    void start(pipeline::Exchange&, pipeline::ResponseChannel& channel) override
    {
        _channel = &channel;
        _body.clear();
        _log.add("handler.start");
    }
    void onRequestBody(const char* data, std::size_t length) override { _body.append(data, length); }
    void onRequestBodyEnd() override
    {
        _answer = "echo:" + _body;
        pipeline::ResponseHead& head = _channel->responseHead();
        head.status = 200;
        head.addView("Content-Type", "text/plain");
        head.bodyLength = pipeline::BodyLength::Known;
        head.contentLength = _answer.size();
        pipeline::ResponseChannel* channel = _channel;
        _channel = nullptr;
        channel->sendHead();
        channel->sendBody(_answer.data(), _answer.size());
        channel->finish();
    }
    void onClientWritable() override {}
    void onTick(util::MonoMillis) override {}
    void abort() override
    {
        if (_channel != nullptr)
        {
            _log.add("handler.abort");
        }
        _channel = nullptr;
    }
    const pipeline::HandlerFactory* factory() const override { return &_factory; }

private:
    const pipeline::HandlerFactory& _factory;
    EventLog& _log;
    pipeline::ResponseChannel* _channel = nullptr;
    std::string _body;
    std::string _answer;
};

class EchoHandlerFactory final : public pipeline::HandlerFactory
{
public:
    explicit EchoHandlerFactory(EventLog& log) : _log(log) {}
    std::unique_ptr<pipeline::Handler> create(net::EventLoop&) const override
    {
        return std::make_unique<EchoHandler>(*this, _log);
    }

private:
    EventLog& _log;
};

class CompletionLog final : public pipeline::CompletionStage
{
public:
    explicit CompletionLog(EventLog& log) : _log(log) {}
    void onComplete(const pipeline::Exchange& exchange, util::MonoMillis) override
    {
        _log.add("completed " + std::to_string(exchange.status));
    }

private:
    EventLog& _log;
};

// Proves the runner hands each policy its own loop's state.
class LoopMark final : public pipeline::PolicyLoopState
{
public:
    explicit LoopMark(unsigned index) : loopIndex(index) {}
    unsigned loopIndex;
};

std::string lower(std::string text)
{
    for (char& c : text)
    {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

} // namespace

void EventLog::add(std::string event)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _events.push_back(std::move(event));
    _changed.notify_all();
}

std::vector<std::string> EventLog::events() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _events;
}

std::size_t EventLog::count(const std::string& event) const
{
    std::lock_guard<std::mutex> lock(_mutex);
    std::size_t times = 0;
    for (const std::string& logged : _events)
    {
        times += logged == event ? 1 : 0;
    }
    return times;
}

bool EventLog::waitFor(const std::string& event, std::size_t times, std::chrono::milliseconds timeout) const
{
    std::unique_lock<std::mutex> lock(_mutex);
    return _changed.wait_for(lock, timeout,
                             [&]
                             {
                                 std::size_t seen = 0;
                                 for (const std::string& logged : _events)
                                 {
                                     seen += logged == event ? 1 : 0;
                                 }
                                 return seen >= times;
                             });
}

void TokenBox::put(pipeline::ResumeToken token)
{
    std::lock_guard<std::mutex> lock(_mutex);
    _tokens.push_back(std::move(token));
    _changed.notify_all();
}

pipeline::ResumeToken TokenBox::take(std::chrono::milliseconds timeout)
{
    std::unique_lock<std::mutex> lock(_mutex);
    if (!_changed.wait_for(lock, timeout, [&] { return !_tokens.empty(); }))
    {
        return {};
    }
    pipeline::ResumeToken token = _tokens.front();
    _tokens.erase(_tokens.begin());
    return token;
}

ScriptedPolicy::ScriptedPolicy(std::string name, EventLog& log, Request request, Response response,
                               int replyStatus)
    : _name(std::move(name)), _log(log), _request(request), _response(response), _replyStatus(replyStatus)
{
}

pipeline::Verdict ScriptedPolicy::onRequest(pipeline::RequestContext& context) const
{
    auto* mark = dynamic_cast<LoopMark*>(context.loopState());
    _log.add(_name + ".request" + (mark != nullptr ? "" : " (no loop state)"));
    switch (_request)
    {
    case Request::Next:
        return pipeline::Verdict::Next;
    case Request::Reply:
        context.reply(_replyStatus, _name + " refused").header("X-Refused-By", _name);
        return pipeline::Verdict::Done;
    case Request::ResumeAtOnce:
        context.pause().next();
        return pipeline::Verdict::Pause;
    case Request::ReplyAtOnce:
        context.pause().reply(_replyStatus, _name + " refused at once");
        return pipeline::Verdict::Pause;
    case Request::Hold:
        _tokens.put(context.pause());
        return pipeline::Verdict::Pause;
    case Request::PauseNoToken:
        return pipeline::Verdict::Pause;
    case Request::DoneNoReply:
        return pipeline::Verdict::Done;
    }
    return pipeline::Verdict::Next;
}

pipeline::Verdict ScriptedPolicy::onResponseHead(pipeline::ResponseContext& context) const
{
    pipeline::ResponseHead& head = context.head();
    _log.add(_name + ".response " + std::to_string(head.status));
    head.add("X-Seen-By", _name);
    if (_response == Response::Hold)
    {
        _tokens.put(context.pause());
        return pipeline::Verdict::Pause;
    }
    if (_response == Response::ReplyAtOnce)
    {
        context.pause().reply(_replyStatus, _name + " replaced the answer");
        return pipeline::Verdict::Pause;
    }
    return pipeline::Verdict::Next;
}

void ScriptedPolicy::onCancel(pipeline::Exchange&, pipeline::PolicyLoopState*) const
{
    _log.add(_name + ".cancel");
}

void ScriptedPolicy::onComplete(const pipeline::Exchange&, pipeline::PolicyLoopState*) const
{
    _log.add(_name + ".complete");
}

std::unique_ptr<pipeline::PolicyLoopState> ScriptedPolicy::createLoopState(net::EventLoop& loop) const
{
    return std::make_unique<LoopMark>(loop.index());
}

std::string RawResponse::header(const std::string& name) const
{
    auto found = headers.find(lower(name));
    return found == headers.end() || found->second.empty() ? std::string() : found->second.front();
}

std::size_t RawResponse::headerCount(const std::string& name) const
{
    auto found = headers.find(lower(name));
    return found == headers.end() ? 0 : found->second.size();
}

ChainHarness::ChainHarness(std::chrono::milliseconds pauseLimit)
{
    _config = std::make_shared<config::Config>();
    _config->file = "test.xml";
    _config->server.limits.requestTimeout = pauseLimit;
    config::RouteConfig route;
    route.name = "r";
    route.pathTemplate = "/r/{id}";
    _config->routes.push_back(route);
    _runtime = std::make_shared<runtime::Runtime>(_config);
    _runtime->table.routes.push_back(std::make_unique<pipeline::RoutePipeline>(
        _config->routes[0], std::make_unique<EchoHandlerFactory>(_log)));
    _completion = std::make_unique<CompletionLog>(_log);
    _runtime->table.completion.push_back(_completion.get());
    _loop = std::make_unique<net::EventLoop>(0);
}

ChainHarness::~ChainHarness()
{
    for (int fd : _clients)
    {
        if (fd >= 0)
        {
            ::close(fd);
        }
    }
    if (_started)
    {
        _loop->stop();
        _loop->join();
    }
    _loop.reset();
}

void ChainHarness::add(pipeline::Slot slot, std::shared_ptr<const pipeline::Policy> policy)
{
    _runtime->table.routes[0]->addPolicy(slot, std::move(policy));
}

void ChainHarness::start()
{
    _runtime->table.attachLoops({_loop.get()});
    _holder.set(_runtime);
    _loop->startThread();
    _started = true;
}

int ChainHarness::connect()
{
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    {
        throw std::runtime_error("socketpair failed");
    }
    ::fcntl(pair[0], F_SETFL, ::fcntl(pair[0], F_GETFL) | O_NONBLOCK);
    int serverSide = pair[0];
    net::EventLoop& loop = *_loop;
    const runtime::RuntimeHolder& holder = _holder;
    loop.post(
        [&loop, &holder, serverSide]
        {
            auto connection = std::make_unique<listener::ClientConnection>(
                loop, listener::ClientConnection::Configuration{holder, holder.get(), holder.generation()},
                serverSide, "127.0.0.1", std::make_unique<net::PlainTransport>(serverSide), false);
            if (connection->open())
            {
                loop.adopt(std::move(connection));
            }
        });
    _clients.push_back(pair[1]);
    return pair[1];
}

void ChainHarness::send(int fd, const std::string& bytes)
{
    std::size_t sent = 0;
    while (sent < bytes.size())
    {
        ssize_t written = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (written <= 0)
        {
            throw std::runtime_error("send to the gateway failed");
        }
        sent += static_cast<std::size_t>(written);
    }
}

RawResponse ChainHarness::read(int fd, std::chrono::milliseconds timeout)
{
    std::string& buffer = _pending[fd];
    auto deadline = Clock::now() + timeout;
    RawResponse response;
    while (true)
    {
        std::size_t headEnd = buffer.find("\r\n\r\n");
        if (headEnd != std::string::npos)
        {
            std::size_t lineEnd = buffer.find("\r\n");
            std::string statusLine = buffer.substr(0, lineEnd);
            std::map<std::string, std::vector<std::string>> headers;
            std::size_t position = lineEnd + 2;
            while (position < headEnd)
            {
                std::size_t end = buffer.find("\r\n", position);
                std::string line = buffer.substr(position, end - position);
                std::size_t colon = line.find(':');
                std::string value = line.substr(colon + 1);
                value.erase(0, value.find_first_not_of(' '));
                headers[lower(line.substr(0, colon))].push_back(value);
                position = end + 2;
            }
            std::size_t length = 0;
            if (headers.count("content-length"))
            {
                length = std::stoul(headers["content-length"].front());
            }
            if (buffer.size() >= headEnd + 4 + length)
            {
                response.status = std::stoi(statusLine.substr(9, 3));
                response.headers = std::move(headers);
                response.body = buffer.substr(headEnd + 4, length);
                buffer.erase(0, headEnd + 4 + length);
                return response;
            }
        }
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
        {
            return response;
        }
        pollfd watched{fd, POLLIN, 0};
        if (::poll(&watched, 1, static_cast<int>(left)) <= 0)
        {
            return response;
        }
        char chunk[4096];
        ssize_t count = ::recv(fd, chunk, sizeof chunk, 0);
        if (count <= 0)
        {
            return response;
        }
        buffer.append(chunk, static_cast<std::size_t>(count));
    }
}

bool ChainHarness::silent(int fd, std::chrono::milliseconds quiet)
{
    if (!_pending[fd].empty())
    {
        return false;
    }
    pollfd watched{fd, POLLIN, 0};
    return ::poll(&watched, 1, static_cast<int>(quiet.count())) == 0;
}

bool ChainHarness::closedByPeer(int fd, std::chrono::milliseconds timeout)
{
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline)
    {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        pollfd watched{fd, POLLIN, 0};
        if (::poll(&watched, 1, static_cast<int>(left)) <= 0)
        {
            return false;
        }
        char chunk[4096];
        ssize_t count = ::recv(fd, chunk, sizeof chunk, 0);
        if (count == 0)
        {
            return true;
        }
        if (count < 0)
        {
            return errno == ECONNRESET;
        }
    }
    return false;
}

void ChainHarness::disconnect(int fd)
{
    for (int& client : _clients)
    {
        if (client == fd)
        {
            ::close(fd);
            client = -1;
        }
    }
}

} // namespace portico::test
