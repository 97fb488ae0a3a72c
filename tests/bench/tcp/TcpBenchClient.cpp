// portico-tcp-bench-client: a closed-loop load client that speaks the "mainframe" balance enquiry
// (see MainframeRecord.h) straight to a peer, so that tests/bench/tcp-bench.sh can set Portico's
// REST-to-TCP path against the raw protocol on the same peer. Each connection sends a request, reads
// the whole framed reply, checks it, and sends the next, like wrk's connections do over HTTP.
//
//   portico-tcp-bench-client --host 127.0.0.1 --port P [--connections 64] [--duration 10]
//                            [--threads 1] [--account 12345]
//
// Prints one line: "raw rps R p50_us A p99_us B errors E". Exits 1 if any reply was missing or wrong.
// By default one thread with epoll drives all connections, as wrk -t1 does on the Portico side: the
// two clients then cost about the same CPU, which matters when they share two cores with the peer.

#include "MainframeRecord.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <string>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace
{

using namespace portico::bench;
using Clock = std::chrono::steady_clock;

struct Options
{
    std::string host = "127.0.0.1";
    unsigned short port = 0;
    int connections = 64;
    int duration = 10; // seconds
    int threads = 1;
    std::string account = "12345";
};

struct Connection
{
    int fd = -1;
    std::string input;
    Clock::time_point sentAt;
};

int connectTo(const Options& options)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
    {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(options.port);
    if (::inet_pton(AF_INET, options.host.c_str(), &address.sin_addr) != 1)
    {
        throw std::invalid_argument("not an IPv4 address: " + options.host);
    }
    // Connected blocking and only then made non-blocking: connecting is not measured, so it may as
    // well be simple.
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0)
    {
        throw std::runtime_error("connect to " + options.host + ":" + std::to_string(options.port) + ": " +
                                 std::strerror(errno));
    }
    int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Drives its share of the connections on one thread. Latencies stay in the worker's own vector
// (no sharing on the hot path) and are merged once the run is over.
class LoadWorker
{
public:
    LoadWorker(std::vector<int> sockets, const std::string& request, const std::string& expectedHead)
        : _request(request), _expectedHead(expectedHead)
    {
        _epoll = ::epoll_create1(EPOLL_CLOEXEC);
        _connections.resize(sockets.size());
        for (std::size_t i = 0; i < sockets.size(); ++i)
        {
            _connections[i].fd = sockets[i];
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.ptr = &_connections[i];
            ::epoll_ctl(_epoll, EPOLL_CTL_ADD, sockets[i], &event);
        }
        // Enough for a fast run without growing on the hot path; growing later is still correct.
        _latencies.reserve(1 << 20);
    }

    ~LoadWorker()
    {
        for (auto& connection : _connections)
        {
            if (connection.fd >= 0)
            {
                ::close(connection.fd);
            }
        }
        ::close(_epoll);
    }

    LoadWorker(const LoadWorker&) = delete;
    LoadWorker& operator=(const LoadWorker&) = delete;

    void run(Clock::time_point deadline)
    {
        _open = _connections.size();
        for (auto& connection : _connections)
        {
            send(connection);
        }
        epoll_event events[256];
        while (_open > 0)
        {
            const auto now = Clock::now();
            if (now >= deadline)
            {
                break;
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count() + 1;
            const int ready =
                ::epoll_wait(_epoll, events, 256, static_cast<int>(std::min<long long>(left, 100)));
            for (int i = 0; i < ready; ++i)
            {
                onReadable(*static_cast<Connection*>(events[i].data.ptr), deadline);
            }
        }
    }

    const std::vector<std::int64_t>& latencies() const { return _latencies; }
    std::uint64_t errors() const { return _errors; }
    const std::string& firstError() const { return _firstError; }

private:
    void send(Connection& connection)
    {
        connection.sentAt = Clock::now();
        const ssize_t written = ::send(connection.fd, _request.data(), _request.size(), MSG_NOSIGNAL);
        // One request in flight per connection, so the socket buffer is empty and a 16-byte write
        // either goes out whole or the connection is broken.
        if (written != static_cast<ssize_t>(_request.size()))
        {
            fail(connection, written < 0 ? std::strerror(errno) : "short write");
        }
    }

    void onReadable(Connection& connection, Clock::time_point deadline)
    {
        if (connection.fd < 0)
        {
            return;
        }
        char buffer[4096];
        const ssize_t received = ::recv(connection.fd, buffer, sizeof(buffer), 0);
        const auto now = Clock::now();
        if (received <= 0)
        {
            if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            {
                return;
            }
            fail(connection, received == 0 ? "closed by the peer" : std::strerror(errno));
            return;
        }
        connection.input.append(buffer, static_cast<std::size_t>(received));
        if (connection.input.size() < kHeaderBytes + kReplyBytes)
        {
            return; // the rest of the reply is still on its way
        }
        // More than one reply, a wrong length or a failing rc: the peer is not doing what the
        // comparison assumes, and its numbers would mean nothing.
        if (connection.input.size() != kHeaderBytes + kReplyBytes ||
            frameLength(connection.input.data()) != kReplyBytes ||
            connection.input.compare(kHeaderBytes, _expectedHead.size(), _expectedHead) != 0)
        {
            fail(connection, "unexpected reply");
            return;
        }
        connection.input.clear();
        _latencies.push_back(
            std::chrono::duration_cast<std::chrono::nanoseconds>(now - connection.sentAt).count());
        if (now < deadline)
        {
            send(connection);
        }
    }

    void fail(Connection& connection, const std::string& why)
    {
        if (_errors++ == 0)
        {
            _firstError = why;
        }
        ::epoll_ctl(_epoll, EPOLL_CTL_DEL, connection.fd, nullptr);
        ::close(connection.fd);
        connection.fd = -1;
        --_open;
    }

    const std::string _request;
    const std::string _expectedHead; // rc "00" and the account, in IBM037
    int _epoll = -1;
    std::vector<Connection> _connections;
    std::size_t _open = 0;
    std::vector<std::int64_t> _latencies;
    std::uint64_t _errors = 0;
    std::string _firstError;
};

double percentileMicros(std::vector<std::int64_t>& nanos, double fraction)
{
    if (nanos.empty())
    {
        return 0;
    }
    // Nearest rank: the smallest latency that at least this fraction of requests did not exceed.
    auto rank = static_cast<std::size_t>(fraction * static_cast<double>(nanos.size()) + 0.999999);
    rank = std::clamp<std::size_t>(rank, 1, nanos.size());
    std::nth_element(nanos.begin(), nanos.begin() + static_cast<long>(rank - 1), nanos.end());
    return static_cast<double>(nanos[rank - 1]) / 1000.0;
}

void usage()
{
    std::cerr << "usage: portico-tcp-bench-client --host 127.0.0.1 --port P [--connections 64] "
                 "[--duration 10] [--threads 1] [--account 12345]\n";
}

bool parse(int argc, char** argv, Options& options)
{
    for (int i = 1; i < argc; i += 2)
    {
        const std::string argument = argv[i];
        if (i + 1 >= argc)
        {
            return false;
        }
        const std::string value = argv[i + 1];
        if (argument == "--host")
        {
            options.host = value;
        }
        else if (argument == "--port")
        {
            options.port = static_cast<unsigned short>(std::stoi(value));
        }
        else if (argument == "--connections")
        {
            options.connections = std::stoi(value);
        }
        else if (argument == "--duration")
        {
            options.duration = std::stoi(value);
        }
        else if (argument == "--threads")
        {
            options.threads = std::stoi(value);
        }
        else if (argument == "--account")
        {
            options.account = value;
        }
        else
        {
            return false;
        }
    }
    return options.port != 0 && options.connections > 0 && options.duration > 0 && options.threads > 0 &&
           !options.account.empty() && options.account.size() <= 10 &&
           options.account.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    try
    {
        if (!parse(argc, argv, options))
        {
            usage();
            return 2;
        }
        const std::string account = std::string(10 - options.account.size(), '0') + options.account;
        const std::string request = frame(toIbm037("BAL1" + account));
        const std::string expectedHead = toIbm037("00" + account);

        // Every connection is open before the clock starts, so the run measures requests only.
        const int threads = std::min(options.threads, options.connections);
        std::vector<std::unique_ptr<LoadWorker>> workers;
        for (int t = 0; t < threads; ++t)
        {
            std::vector<int> sockets;
            for (int c = t; c < options.connections; c += threads)
            {
                sockets.push_back(connectTo(options));
            }
            workers.push_back(std::make_unique<LoadWorker>(std::move(sockets), request, expectedHead));
        }

        const auto start = Clock::now();
        const auto deadline = start + std::chrono::seconds(options.duration);
        std::vector<std::thread> running;
        for (auto& worker : workers)
        {
            running.emplace_back([&worker, deadline] { worker->run(deadline); });
        }
        for (auto& thread : running)
        {
            thread.join();
        }
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

        std::vector<std::int64_t> latencies;
        std::uint64_t errors = 0;
        for (const auto& worker : workers)
        {
            latencies.insert(latencies.end(), worker->latencies().begin(), worker->latencies().end());
            if (worker->errors() > 0 && errors == 0)
            {
                std::cerr << "portico-tcp-bench-client: " << worker->firstError() << "\n";
            }
            errors += worker->errors();
        }
        const double rps = static_cast<double>(latencies.size()) / elapsed;
        const double p50 = percentileMicros(latencies, 0.50);
        const double p99 = percentileMicros(latencies, 0.99);
        std::printf("raw rps %.0f p50_us %.0f p99_us %.0f errors %llu\n", rps, p50, p99,
                    static_cast<unsigned long long>(errors));
        return errors == 0 ? 0 : 1;
    }
    catch (const std::exception& error)
    {
        std::cerr << "portico-tcp-bench-client: " << error.what() << "\n";
        return 1;
    }
}
