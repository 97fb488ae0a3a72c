#pragma once

// A real TCP peer for the tcp adapter's tests, in-process: listens on 127.0.0.1 port 0, serves each
// connection on its own thread, reads frames with a Framing and answers each with what the
// test's function returns. Its behaviour can be changed while it runs (answer, close after reading,
// stay silent, delay, close after N replies), and it counts what happened, so that tests can check
// the client's connection handling from the other side.

#include "tcp/Framing.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace portico::tcp::test
{

class TestPeer
{
public:
    enum class Mode
    {
        Answer,            // reply to every request
        CloseAfterReading, // read a request, then close without a reply
        Silent             // read requests, never reply
    };

    // Returns the reply payload for a request payload.
    using Responder = std::function<std::string(const std::string& request)>;

    TestPeer(std::shared_ptr<const Framing> framing, Responder responder);
    ~TestPeer();

    std::uint16_t port() const { return _port; }
    std::string endpoint() const { return "127.0.0.1:" + std::to_string(_port); }

    void setMode(Mode mode) { _mode = mode; }
    void setDelayMs(int delay) { _delayMs = delay; }
    void setCloseAfter(int replies) { _closeAfter = replies; } // 0: never
    // Replies are written as they are, without framing (for malformed-frame tests).
    void setRawReplies(bool raw) { _rawReplies = raw; }
    // Resets a connection (RST) once it has received this many bytes; 0: never.
    void setResetAfterBytes(std::size_t bytes) { _resetAfterBytes = bytes; }

    int accepted() const { return _accepted.load(); }
    int closedByPeer() const { return _closedByPeer.load(); }
    int requests() const { return _requests.load(); }
    // Connections open at once, as this peer saw them. A connection the gateway closed still counts
    // until this peer's thread reads the end of it, so this can briefly exceed what the gateway had.
    int maxConcurrent() const { return _maxConcurrent.load(); }
    // Requests being answered at once (read whole, reply not yet sent): what a pool's bound limits.
    int maxInFlight() const { return _maxInFlight.load(); }

    void stop();

    // Waits (up to two seconds) until condition holds; returns whether it did.
    static bool waitUntil(const std::function<bool()>& condition);

    // A loopback port on which nothing listens.
    static std::uint16_t unusedPort();

private:
    void acceptLoop();
    void serve(int descriptor);

    const std::shared_ptr<const Framing> _framing;
    const Responder _responder;
    int _listener = -1;
    std::uint16_t _port = 0;
    std::atomic<bool> _stopping{false};
    std::atomic<Mode> _mode{Mode::Answer};
    std::atomic<int> _delayMs{0};
    std::atomic<int> _closeAfter{0};
    std::atomic<bool> _rawReplies{false};
    std::atomic<std::size_t> _resetAfterBytes{0};
    std::atomic<int> _accepted{0};
    std::atomic<int> _closedByPeer{0};
    std::atomic<int> _requests{0};
    std::atomic<int> _concurrent{0};
    std::atomic<int> _maxConcurrent{0};
    std::atomic<int> _inFlight{0};
    std::atomic<int> _maxInFlight{0};
    std::mutex _mutex;
    std::set<int> _open;
    std::vector<std::thread> _threads;
    std::thread _acceptor;
};

} // namespace portico::tcp::test
