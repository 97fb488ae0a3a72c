#pragma once

// One accepted client connection on a public listener, as HTTP/1: reads requests with the
// strict head scanner and the incremental parser, checks their framing, hands each to the
// exchange runner (route, policies, handler, completion) and writes what the runner answers,
// with keep-alive, pipelining, back-pressure, timeouts, lingering close and drain. Lives on one
// event loop, which owns it; every method runs on that loop's thread.

#include "http/HeadScanner.h"
#include "http/MessageParser.h"
#include "net/EventLoop.h"
#include "net/ReadWindow.h"
#include "net/Transport.h"
#include "pipeline/ClientStream.h"
#include "pipeline/ExchangeRunner.h"
#include "runtime/Runtime.h"
#include "runtime/RuntimeHolder.h"
#include "util/Buffer.h"

#include <memory>
#include <string>

namespace portico::listener
{

class ClientConnection final : public net::LoopMember,
                               public net::IoHandler,
                               private pipeline::ClientStream,
                               private http::BodySink
{
public:
    // The configuration a connection starts with, and where it finds a newer one (after a reload).
    struct Configuration
    {
        const runtime::RuntimeHolder& holder;
        std::shared_ptr<const runtime::Runtime> runtime; // holder's, when generation was read
        std::uint64_t generation = 0;
    };

    ClientConnection(net::EventLoop& loop, Configuration configuration, int fd, std::string clientIp,
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

private:
    enum class State
    {
        ReadingHead,
        Handling,
        Lingering, // response sent, unread request bytes discarded until the client closes
        Closed
    };

    // ClientStream (for the exchange runner)
    net::EventLoop& loop() override { return _loop; }
    util::Buffer& output() override { return _out; }
    bool send(const char* data, std::size_t length) override;
    void finishResponse(bool keepAlive) override;
    void breakOff(const char* reason) override;
    bool requestComplete() const override { return _requestComplete; }
    bool draining() const override { return _draining; }
    void holdRequestBody(bool hold) override;
    void sendContinue() override;

    // BodySink
    void onBodyData(const char* data, std::size_t length) override;
    void onBodyComplete() override;

    void process();
    bool readMore();
    void dispatchRequest(std::size_t headLength);
    bool checkRequest(const char*& detail, int& status);
    void refuseRequest(int status, const char* detail);
    void feedBody();
    void write(const char* data, std::size_t length);
    void flushOutput();
    void completeExchange();
    // Between exchanges: the configuration reloaded since the last one is the next one's.
    void takeNewerConfiguration();
    void requestClose();
    void deferOnce();
    void closeNow();
    void linger();
    util::MonoMillis idleDeadline() const;
    // A keep-alive connection idle for a while gives back its buffers and the last exchanges'
    // storage, so thousands of idle clients cost little; the next request allocates them again.
    void releaseIdleMemory(util::MonoMillis now);

    net::EventLoop& _loop;
    const runtime::RuntimeHolder& _holder;
    std::shared_ptr<const runtime::Runtime> _runtime;
    std::uint64_t _generation;
    const config::LimitsConfig* _limits; // _runtime's
    int _fd;
    std::string _clientIp;
    std::unique_ptr<net::Transport> _transport;
    bool _secure;

    State _state = State::ReadingHead;
    util::Buffer _in;
    net::ReadWindow _readWindow;
    util::Buffer _out;
    http::HeadScanner _scanner;
    http::MessageParser _parser{http::MessageParser::Kind::Request};
    pipeline::ExchangeRunner _runner;

    bool _socketReadable = false;
    bool _peerClosed = false; // io::peerClosed seen: read until the end of stream, not just a short read
    bool _bodyHeld = false;
    bool _requestComplete = false;
    bool _bodyTooLarge = false;
    bool _responseFinished = false;
    bool _keepAliveAfter = false;
    bool _wantsWritable = false; // the runner was told the output is backed up
    bool _closeRequested = false;
    bool _draining = false;
    bool _deferredPending = false;
    bool _idleMemoryReleased = false;

    util::MonoMillis _lastActivity = 0;
    util::MonoMillis _requestStartedAt = 0; // first byte of the current request, 0 if none
    util::MonoMillis _lingerUntil = 0;
    util::MonoMillis _heldSince = 0; // when the request body was last held
};

} // namespace portico::listener
