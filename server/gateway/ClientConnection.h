#pragma once

// One accepted client connection on a public listener: reads requests with the strict head
// scanner and the incremental parser, runs them through the route's pipeline and writes the
// handler's response back, keep-alive and pipelining included. Lives on one event loop, which
// owns it; every method runs on that loop's thread.

#include "gateway/Runtime.h"
#include "http/HeadScanner.h"
#include "http/MessageParser.h"
#include "net/EventLoop.h"
#include "net/Transport.h"
#include "pipeline/Exchange.h"
#include "pipeline/Handler.h"
#include "util/Buffer.h"

#include <memory>
#include <string>

namespace portico::gateway
{

class ClientConnection final : public net::LoopMember,
                               public net::IoHandler,
                               public pipeline::ResponseChannel,
                               private http::BodySink
{
public:
    ClientConnection(net::EventLoop& loop, std::shared_ptr<const Runtime> runtime, int fd, std::string clientIp,
                     std::unique_ptr<net::Transport> transport, bool secure);
    ~ClientConnection() override;

    // Registers with the loop; false if that failed (the caller then drops the connection).
    bool open();

    // Client connections alive in this process (for the bounded drain at shutdown).
    static std::size_t liveCount();

    void onIo(std::uint32_t events) override;
    void onTick(util::MonoMillis now) override;
    void onDrain() override;
    void onDeferred() override;
    void onLoopEnd() override { closeNow(); }

    // ResponseChannel
    void sendHead(const char* data, std::size_t length, int status) override;
    bool sendBody(const char* data, std::size_t length) override;
    void finish(bool keepAlive) override;
    void fail(int status, const char* detail) override;
    void failWith(int status, std::string_view detail, std::string_view extensionMembers) override;
    void breakOff(const char* reason) override;
    bool requestComplete() const override { return _requestComplete; }
    void pauseRequestBody() override { _bodyPaused = true; }
    void resumeRequestBody() override;
    bool clientHttp11() const override;

private:
    enum class State
    {
        ReadingHead,
        Handling,
        Lingering, // response sent, unread request bytes discarded until the client closes
        Closed
    };

    // BodySink
    void onBodyData(const char* data, std::size_t length) override;
    void onBodyComplete() override;

    void process();
    bool readMore();
    void dispatchRequest(std::size_t headLength);
    bool prepareRequest(const char*& detail, int& status);
    void respondLocally(int status, const char* detail, std::string_view extraHeaders = {},
                        std::string_view extensionMembers = {});
    void feedBody();
    void respondWithDocument(const std::string& json);
    void write(const char* data, std::size_t length);
    void flushOutput();
    void completeExchange();
    void requestClose();
    void closeNow();
    void linger();
    void logExchange();
    util::MonoMillis idleDeadline() const;

    net::EventLoop& _loop;
    std::shared_ptr<const Runtime> _runtime;
    const config::LimitsConfig& _limits;
    int _fd;
    std::string _clientIp;
    std::unique_ptr<net::Transport> _transport;
    bool _secure;

    State _state = State::ReadingHead;
    util::Buffer _in;
    util::Buffer _out;
    http::HeadScanner _scanner;
    http::MessageParser _parser{http::MessageParser::Kind::Request};
    pipeline::Exchange _exchange;
    std::unique_ptr<pipeline::Handler> _handler;
    bool _handlerActive = false;

    bool _socketReadable = false;
    bool _peerClosed = false; // EPOLLRDHUP seen: read until the end of stream, not just a short read
    bool _bodyPaused = false;
    bool _requestComplete = false;
    bool _bodyTooLarge = false;
    bool _responseStarted = false;
    bool _responseFinished = false;
    bool _keepAliveAfter = false;
    bool _handlerWantsDrain = false;
    bool _closeRequested = false;
    bool _draining = false;
    bool _deferredPending = false;

    util::MonoMillis _lastActivity = 0;
    util::MonoMillis _requestStartedAt = 0; // first byte of the current request, 0 if none
    util::MonoMillis _lingerUntil = 0;
};

} // namespace portico::gateway
