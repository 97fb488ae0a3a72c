#include "support/RawHttpClient.h"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace portico::test
{

std::string postJson(const std::string& target, const std::string& json)
{
    return "POST " + target +
           " HTTP/1.1\r\nHost: test.local\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(json.size()) + "\r\n\r\n" + json;
}

RawHttpClient::RawHttpClient(const std::string& host, unsigned short port, std::chrono::milliseconds timeout)
    : _timeout(timeout)
{
    _fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, host.c_str(), &address.sin_addr);
    if (::connect(_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    {
        ::close(_fd);
        _fd = -1;
        return;
    }
    int on = 1;
    ::setsockopt(_fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

RawHttpClient::~RawHttpClient()
{
    close();
}

void RawHttpClient::close()
{
    if (_fd >= 0)
    {
        ::close(_fd);
        _fd = -1;
    }
}

void RawHttpClient::send(const std::string& bytes)
{
    std::size_t offset = 0;
    while (_fd >= 0 && offset < bytes.size())
    {
        ssize_t n = ::send(_fd, bytes.data() + offset, bytes.size() - offset, MSG_NOSIGNAL);
        if (n <= 0)
        {
            return;
        }
        offset += static_cast<std::size_t>(n);
    }
}

bool RawHttpClient::fill()
{
    if (_fd < 0 || _eof)
    {
        return false;
    }
    pollfd waiting{_fd, POLLIN, 0};
    int ready = ::poll(&waiting, 1, static_cast<int>(_timeout.count()));
    if (ready <= 0)
    {
        return false;
    }
    char chunk[16384];
    ssize_t n = ::recv(_fd, chunk, sizeof chunk, 0);
    if (n <= 0)
    {
        _eof = true;
        return false;
    }
    _buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
}

bool RawHttpClient::readLine(std::string& line)
{
    while (true)
    {
        std::size_t end = _buffer.find("\r\n");
        if (end != std::string::npos)
        {
            line = _buffer.substr(0, end);
            _buffer.erase(0, end + 2);
            return true;
        }
        if (!fill())
        {
            return false;
        }
    }
}

bool RawHttpClient::readExactly(std::size_t count, std::string& into)
{
    while (_buffer.size() < count)
    {
        if (!fill())
        {
            return false;
        }
    }
    into.append(_buffer, 0, count);
    _buffer.erase(0, count);
    return true;
}

HttpResponse RawHttpClient::read(bool forHead)
{
    HttpResponse response;
    std::string line;
    while (true)
    {
        if (!readLine(response.statusLine))
        {
            response.closed = _eof;
            return response;
        }
        if (response.statusLine.size() >= 12)
        {
            response.status = std::atoi(response.statusLine.substr(9, 3).c_str());
        }
        response.headers.clear();
        while (readLine(line) && !line.empty())
        {
            std::size_t colon = line.find(':');
            std::string name = line.substr(0, colon);
            for (char& c : name)
            {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
            std::size_t valueStart = line.find_first_not_of(" \t", colon + 1);
            response.headers.emplace(name, valueStart == std::string::npos ? "" : line.substr(valueStart));
        }
        if (response.status >= 200 || response.status == 0)
        {
            break; // skip interim 1xx responses
        }
    }
    bool noBody = forHead || response.status == 204 || response.status == 304;
    if (noBody)
    {
    }
    else if (response.header("transfer-encoding").find("chunked") != std::string::npos)
    {
        while (readLine(line))
        {
            std::size_t size = std::stoul(line, nullptr, 16);
            if (size == 0)
            {
                while (readLine(line) && !line.empty())
                {
                }
                break;
            }
            readExactly(size, response.body);
            readLine(line);
        }
    }
    else if (response.has("content-length"))
    {
        readExactly(std::stoul(response.header("content-length")), response.body);
    }
    else
    {
        while (fill())
        {
        }
        response.body = _buffer;
        _buffer.clear();
    }
    std::string connection = response.header("connection");
    if (connection == "close")
    {
        response.closed = waitForClose(std::chrono::milliseconds(2000));
    }
    return response;
}

bool RawHttpClient::waitForClose(std::chrono::milliseconds timeout)
{
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!_eof && std::chrono::steady_clock::now() < deadline)
    {
        if (_fd < 0)
        {
            return true;
        }
        pollfd waiting{_fd, POLLIN, 0};
        if (::poll(&waiting, 1, 50) > 0)
        {
            char chunk[4096];
            ssize_t n = ::recv(_fd, chunk, sizeof chunk, 0);
            if (n <= 0)
            {
                _eof = true;
            }
            else
            {
                _buffer.append(chunk, static_cast<std::size_t>(n));
            }
        }
    }
    return _eof;
}

std::string simpleRequest(const std::string& method, const std::string& target,
                          const std::string& extraHeaders, const std::string& body)
{
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: test.local\r\n" + extraHeaders;
    if (!body.empty())
    {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    return request;
}

} // namespace portico::test
