#include "TestPeer.h"

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::tcp::test
{

TestPeer::TestPeer(std::shared_ptr<const Framing> framing, Responder responder)
    : _framing(std::move(framing)), _responder(std::move(responder))
{
    _listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int on = 1;
    ::setsockopt(_listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (::bind(_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(_listener, 64) != 0)
    {
        throw std::runtime_error("the test peer cannot listen");
    }
    socklen_t length = sizeof address;
    ::getsockname(_listener, reinterpret_cast<sockaddr*>(&address), &length);
    _port = ntohs(address.sin_port);
    _acceptor = std::thread([this] { acceptLoop(); });
}

TestPeer::~TestPeer()
{
    stop();
}

void TestPeer::stop()
{
    if (_stopping.exchange(true))
    {
        return;
    }
    ::shutdown(_listener, SHUT_RDWR);
    _acceptor.join();
    ::close(_listener);
    {
        std::lock_guard<std::mutex> lock(_mutex);
        for (int descriptor : _open)
        {
            ::shutdown(descriptor, SHUT_RDWR);
        }
    }
    for (std::thread& thread : _threads)
    {
        thread.join();
    }
}

bool TestPeer::waitUntil(const std::function<bool()>& condition)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!condition())
    {
        if (std::chrono::steady_clock::now() > until)
        {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

std::uint16_t TestPeer::unusedPort()
{
    const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(probe); // bound, never listening, now closed: connecting is refused
    return ntohs(address.sin_port);
}

void TestPeer::acceptLoop()
{
    for (;;)
    {
        const int descriptor = ::accept(_listener, nullptr, nullptr);
        if (descriptor < 0)
        {
            if (_stopping)
            {
                return;
            }
            continue;
        }
        ++_accepted;
        std::lock_guard<std::mutex> lock(_mutex);
        if (_stopping)
        {
            ::close(descriptor);
            return;
        }
        _open.insert(descriptor);
        _threads.emplace_back([this, descriptor] { serve(descriptor); });
    }
}

void TestPeer::serve(int descriptor)
{
    const int now = ++_concurrent;
    int seen = _maxConcurrent.load();
    while (now > seen && !_maxConcurrent.compare_exchange_weak(seen, now))
    {
    }
    std::unique_ptr<FrameDecoder> decoder = _framing->decoder();
    int replies = 0;
    std::size_t receivedBytes = 0;
    bool closedHere = false;
    char buffer[4096];
    std::string input;
    while (!_stopping)
    {
        DecodeResult result = decoder->feed(input);
        input.clear();
        if (result.kind == DecodeResult::Kind::Error)
        {
            closedHere = true;
            break;
        }
        if (result.kind == DecodeResult::Kind::NeedMore)
        {
            const ssize_t received = ::recv(descriptor, buffer, sizeof buffer, 0);
            if (received <= 0)
            {
                break; // the client closed (or stop() shut the socket down)
            }
            input.assign(buffer, static_cast<std::size_t>(received));
            receivedBytes += static_cast<std::size_t>(received);
            if (_resetAfterBytes > 0 && receivedBytes >= _resetAfterBytes)
            {
                const linger abort{1, 0}; // close with RST, as a crashing peer's kernel would
                ::setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
                closedHere = true;
                break;
            }
            continue;
        }
        ++_requests;
        // In flight from here until just before the reply leaves: a window inside the gateway's own
        // (it sent the request before, and cannot reuse the connection before the reply arrives).
        const int inFlight = ++_inFlight;
        int most = _maxInFlight.load();
        while (inFlight > most && !_maxInFlight.compare_exchange_weak(most, inFlight))
        {
        }
        struct InFlight
        {
            std::atomic<int>& count;
            bool counted = true;
            void end()
            {
                if (counted)
                {
                    --count;
                    counted = false;
                }
            }
            ~InFlight() { end(); }
        } leaving{_inFlight};
        const Mode mode = _mode.load();
        if (mode == Mode::CloseAfterReading)
        {
            closedHere = true;
            break;
        }
        if (mode == Mode::Silent)
        {
            continue;
        }
        if (_delayMs > 0)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(_delayMs.load()));
        }
        const std::string reply = _responder(result.payload);
        std::string frame;
        std::string error;
        if (_rawReplies)
        {
            frame = reply;
        }
        else if (!_framing->encode(reply, frame, error))
        {
            closedHere = true;
            break;
        }
        leaving.end();
        ::send(descriptor, frame.data(), frame.size(), MSG_NOSIGNAL);
        ++replies;
        if (_closeAfter > 0 && replies >= _closeAfter)
        {
            closedHere = true;
            break;
        }
    }
    --_concurrent;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _open.erase(descriptor);
    }
    ::close(descriptor);
    if (closedHere)
    {
        ++_closedByPeer;
    }
}

} // namespace portico::tcp::test
