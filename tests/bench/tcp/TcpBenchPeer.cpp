// portico-tcp-bench-peer: the "mainframe" balance enquiry (see MainframeRecord.h) as a fast peer for
// tests/bench/tcp-bench.sh. Every well-formed request gets rc "00", its own account back, a fixed
// balance of 12345.67 and "EUR"; anything else gets rc "08", as the demo service answers it.
//
//   portico-tcp-bench-peer [--host 127.0.0.1] [--port 0]
//
// Prints "listening on HOST:PORT" once it accepts connections; runs until killed. One thread with
// level-triggered epoll: the benchmark compares Portico with a raw client against this peer, so the
// peer must cost as little CPU per request as possible on a small machine, and a thread per
// connection would spend it on context switches instead.

#include "MainframeRecord.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <unordered_map>

namespace
{

using namespace portico::bench;

struct Options
{
    std::string host = "127.0.0.1";
    unsigned short port = 0;
};

struct Connection
{
    int fd = -1;
    std::string input;
    std::size_t consumed = 0; // bytes of input already answered
    std::string output;
    std::size_t sent = 0; // bytes of output already written
    bool watchingWrites = false;
};

class BenchPeer
{
public:
    explicit BenchPeer(const Options& options)
        : _rcOk(toIbm037("00")),
          _badReply(
              frame(toIbm037("08" + std::string(10, ' ') + std::string(13, '0') + std::string(3, ' ')))),
          _txn(toIbm037("BAL1")), _balance(toIbm037("0000001234567EUR"))
    {
        _listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (_listener < 0)
        {
            fail("socket");
        }
        int on = 1;
        ::setsockopt(_listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(options.port);
        if (::inet_pton(AF_INET, options.host.c_str(), &address.sin_addr) != 1)
        {
            throw std::invalid_argument("not an IPv4 address: " + options.host);
        }
        if (::bind(_listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0)
        {
            fail("bind");
        }
        // A deep backlog, so that 64 (or 1000) benchmark connections opened at once all get in.
        if (::listen(_listener, 4096) != 0)
        {
            fail("listen");
        }
        socklen_t length = sizeof(address);
        ::getsockname(_listener, reinterpret_cast<sockaddr*>(&address), &length);
        _port = ntohs(address.sin_port);

        _epoll = ::epoll_create1(EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            fail("epoll_create1");
        }
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.ptr = nullptr; // the listener is the one without a Connection
        ::epoll_ctl(_epoll, EPOLL_CTL_ADD, _listener, &event);
    }

    unsigned short port() const { return _port; }

    void run()
    {
        epoll_event events[256];
        for (;;)
        {
            const int ready = ::epoll_wait(_epoll, events, 256, -1);
            if (ready < 0)
            {
                if (errno == EINTR)
                {
                    continue;
                }
                fail("epoll_wait");
            }
            for (int i = 0; i < ready; ++i)
            {
                auto* connection = static_cast<Connection*>(events[i].data.ptr);
                if (connection == nullptr)
                {
                    acceptAll();
                    continue;
                }
                bool open = true;
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                {
                    open = onReadable(*connection);
                }
                if (open && (events[i].events & EPOLLOUT))
                {
                    open = flush(*connection);
                }
                if (!open)
                {
                    close(*connection);
                }
            }
        }
    }

private:
    [[noreturn]] static void fail(const char* what)
    {
        throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
    }

    void acceptAll()
    {
        for (;;)
        {
            const int fd = ::accept4(_listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0)
            {
                return; // EAGAIN, or a connection that died before we took it
            }
            // Replies are tiny and written as soon as they are ready; Nagle would hold back the
            // second of two quick ones until the first is acknowledged.
            int on = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
            auto connection = std::make_unique<Connection>();
            connection->fd = fd;
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.ptr = connection.get();
            ::epoll_ctl(_epoll, EPOLL_CTL_ADD, fd, &event);
            _connections.emplace(fd, std::move(connection));
        }
    }

    // Returns false when the connection is finished (closed by the client, broken, or out of step).
    bool onReadable(Connection& connection)
    {
        // One read per wake-up: epoll is level-triggered, so anything left comes back on the next
        // epoll_wait, and we save the read() that would only say EAGAIN.
        char buffer[16384];
        const ssize_t received = ::recv(connection.fd, buffer, sizeof(buffer), 0);
        if (received == 0)
        {
            return false;
        }
        if (received < 0)
        {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        }
        connection.input.append(buffer, static_cast<std::size_t>(received));
        while (connection.input.size() - connection.consumed >= kHeaderBytes)
        {
            const char* header = connection.input.data() + connection.consumed;
            const std::size_t length = frameLength(header);
            if (length > kMaxRecordBytes)
            {
                return false;
            }
            if (connection.input.size() - connection.consumed < kHeaderBytes + length)
            {
                break;
            }
            answer(header + kHeaderBytes, length, connection.output);
            connection.consumed += kHeaderBytes + length;
        }
        // Compact only when everything is answered (the usual case), so a request split across
        // reads is never moved more than once.
        if (connection.consumed == connection.input.size())
        {
            connection.input.clear();
            connection.consumed = 0;
        }
        return flush(connection);
    }

    void answer(const char* record, std::size_t length, std::string& output) const
    {
        if (length != kRequestBytes || _txn.compare(0, _txn.size(), record, _txn.size()) != 0)
        {
            output += _badReply;
            return;
        }
        // The account is echoed as received: it is already IBM037, so nothing is decoded.
        output.push_back(static_cast<char>(0));
        output.push_back(static_cast<char>(kReplyBytes));
        output += _rcOk;
        output.append(record + _txn.size(), kRequestBytes - _txn.size());
        output += _balance;
    }

    bool flush(Connection& connection)
    {
        while (connection.sent < connection.output.size())
        {
            const ssize_t written = ::send(connection.fd, connection.output.data() + connection.sent,
                                           connection.output.size() - connection.sent, MSG_NOSIGNAL);
            if (written < 0)
            {
                if (errno == EINTR)
                {
                    continue;
                }
                if (errno != EAGAIN && errno != EWOULDBLOCK)
                {
                    return false;
                }
                watchWrites(connection, true);
                return true;
            }
            connection.sent += static_cast<std::size_t>(written);
        }
        connection.output.clear();
        connection.sent = 0;
        watchWrites(connection, false);
        return true;
    }

    void watchWrites(Connection& connection, bool watch)
    {
        if (connection.watchingWrites == watch)
        {
            return;
        }
        epoll_event event{};
        event.events = watch ? (EPOLLIN | EPOLLOUT) : EPOLLIN;
        event.data.ptr = &connection;
        ::epoll_ctl(_epoll, EPOLL_CTL_MOD, connection.fd, &event);
        connection.watchingWrites = watch;
    }

    void close(Connection& connection)
    {
        const int fd = connection.fd;
        ::epoll_ctl(_epoll, EPOLL_CTL_DEL, fd, nullptr);
        ::close(fd);
        // Safe to free now: epoll reports each descriptor at most once per wait, so no later event of
        // this batch points at it.
        _connections.erase(fd);
    }

    const std::string _rcOk; // rc "00", the start of every good reply
    const std::string _badReply;
    const std::string _txn;
    const std::string _balance; // balance and currency, the reply's last 16 bytes
    int _listener = -1;
    int _epoll = -1;
    unsigned short _port = 0;
    std::unordered_map<int, std::unique_ptr<Connection>> _connections;
};

void usage()
{
    std::cerr << "usage: portico-tcp-bench-peer [--host 127.0.0.1] [--port 0]\n";
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i)
    {
        const std::string argument = argv[i];
        if (i + 1 >= argc)
        {
            usage();
            return 2;
        }
        const std::string value = argv[++i];
        if (argument == "--host")
        {
            options.host = value;
        }
        else if (argument == "--port")
        {
            options.port = static_cast<unsigned short>(std::stoi(value));
        }
        else
        {
            usage();
            return 2;
        }
    }
    try
    {
        BenchPeer peer(options);
        // Flushed at once: the benchmark script waits for this line before it starts anything else.
        std::cout << "listening on " << options.host << ":" << peer.port() << std::endl;
        peer.run();
    }
    catch (const std::exception& error)
    {
        std::cerr << "portico-tcp-bench-peer: " << error.what() << "\n";
        return 1;
    }
    return 0;
}
