#pragma once

// A deliberately plain HTTP/1.1 client over one TCP connection: the test writes the exact
// request bytes (so malformed and smuggling requests can be sent) and reads one response,
// framed by Content-Length, chunked encoding or the close. Every read is bounded by a timeout.

#include <chrono>
#include <map>
#include <string>

namespace portico::test
{

struct HttpResponse
{
    int status = 0; // 0 when no response arrived
    std::string statusLine;
    std::multimap<std::string, std::string> headers; // names lower-cased
    std::string body;
    bool closed = false; // the server closed the connection after this response

    std::string header(const std::string& lowerName) const
    {
        auto found = headers.find(lowerName);
        return found == headers.end() ? std::string() : found->second;
    }
    bool has(const std::string& lowerName) const { return headers.count(lowerName) != 0; }
};

// "POST target" with json as an application/json body (Host: test.local).
std::string postJson(const std::string& target, const std::string& json);

class RawHttpClient
{
public:
    RawHttpClient(const std::string& host, unsigned short port,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~RawHttpClient();
    RawHttpClient(const RawHttpClient&) = delete;
    RawHttpClient& operator=(const RawHttpClient&) = delete;

    bool connected() const { return _fd >= 0; }
    void send(const std::string& bytes);
    // Reads one response; forHead=true for a response to HEAD (no body whatever the headers).
    HttpResponse read(bool forHead = false);
    HttpResponse request(const std::string& bytes, bool forHead = false)
    {
        send(bytes);
        return read(forHead);
    }
    // True when the peer closed the connection (reads until EOF or the timeout).
    bool waitForClose(std::chrono::milliseconds timeout);
    void close();

private:
    bool fill();
    bool readLine(std::string& line);
    bool readExactly(std::size_t count, std::string& into);

    int _fd = -1;
    std::chrono::milliseconds _timeout;
    std::string _buffer;
    bool _eof = false;
};

// "GET /path HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n"
std::string simpleRequest(const std::string& method, const std::string& target,
                          const std::string& extraHeaders = "", const std::string& body = "");

} // namespace portico::test
