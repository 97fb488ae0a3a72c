// portico-demo-upstream: a small real HTTP service for the quickstart and the integration
// tests. It answers a demo "orders" API and a few test endpoints (echo, slow, status, stream,
// drop, respond) that let tests provoke each proxy behaviour, and counts the requests it served
// (GET /stats), so tests can tell what reached the back end.
//
//   portico-demo-upstream [--host=127.0.0.1] [--port=0] [--name=NAME] [--unhealthy-file=PATH]
//
// Prints "listening on HOST:PORT" on stdout once it accepts connections; stops on SIGTERM/SIGINT.

#include <Poco/File.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace
{

struct Options
{
    std::string host = "127.0.0.1";
    unsigned short port = 0;
    std::string name = "demo";
    std::string unhealthyFile;
};

std::string queryValue(const Poco::URI& uri, const std::string& key, const std::string& fallback)
{
    for (const auto& parameter : uri.getQueryParameters())
    {
        if (parameter.first == key)
        {
            return parameter.second;
        }
    }
    return fallback;
}

void sendJson(Poco::Net::HTTPServerResponse& response, const Poco::JSON::Object& body,
              Poco::Net::HTTPResponse::HTTPStatus status = Poco::Net::HTTPResponse::HTTP_OK)
{
    std::ostringstream text;
    body.stringify(text);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(static_cast<std::streamsize>(text.str().size()));
    response.send() << text.str();
}

// Requests served, but for health checks and /stats.
std::atomic<long> served{0};

class DemoHandler final : public Poco::Net::HTTPRequestHandler
{
public:
    explicit DemoHandler(const Options& options) : _options(options) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        Poco::URI uri(request.getURI());
        const std::string path = uri.getPath();
        response.set("X-Upstream-Name", _options.name);
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);

        if (path == "/stats")
        {
            // How many requests reached this back end (health checks and this call apart).
            Poco::JSON::Object stats;
            stats.set("requests", served.load());
            sendJson(response, stats);
            return;
        }
        if (path != "/health") ++served;
        if (path == "/respond")
        {
            // An answer shaped by the query, for caching tests: each h=NAME:VALUE becomes a header
            // field, status=N the status, delay=MS a wait before answering; the body carries this request's
            // serial number, so a client tells a replayed answer from a fresh one.
            int status = 200;
            for (const auto& [name, value] : uri.getQueryParameters())
            {
                const std::size_t colon = value.find(':');
                if (name == "h" && colon != std::string::npos)
                    response.add(value.substr(0, colon), Poco::trim(value.substr(colon + 1)));
                else if (name == "status")
                    status = std::stoi(value);
                else if (name == "delay")
                    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(value)));
            }
            response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
            Poco::JSON::Object answer;
            answer.set("serial", served.load());
            answer.set("path", path);
            answer.set("acceptLanguage", request.get("Accept-Language", ""));
            sendJson(response, answer, static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
            return;
        }
        if (path == "/health")
        {
            bool unhealthy = !_options.unhealthyFile.empty() && Poco::File(_options.unhealthyFile).exists();
            Poco::JSON::Object status;
            status.set("status", unhealthy ? "down" : "ok");
            sendJson(response, status,
                     unhealthy ? Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE
                               : Poco::Net::HTTPResponse::HTTP_OK);
            return;
        }
        if (path.rfind("/orders/", 0) == 0)
        {
            Poco::JSON::Object order;
            order.set("id", path.substr(8));
            order.set("status", "shipped");
            order.set("items", 3);
            order.set("total", 42.5);
            order.set("servedBy", _options.name);
            sendJson(response, order);
            return;
        }
        if (path == "/slow")
        {
            int ms = std::stoi(queryValue(uri, "ms", "1000"));
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        }
        else if (path.rfind("/status/", 0) == 0)
        {
            int code = std::stoi(path.substr(8));
            response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(code));
            response.setContentLength(0);
            response.send();
            return;
        }
        else if (path == "/stream")
        {
            int chunks = std::stoi(queryValue(uri, "chunks", "5"));
            int size = std::stoi(queryValue(uri, "size", "10"));
            response.setChunkedTransferEncoding(true);
            response.setContentType("text/plain");
            std::ostream& out = response.send();
            for (int i = 0; i < chunks; ++i)
            {
                out << std::string(static_cast<std::size_t>(size), static_cast<char>('a' + i % 26));
                out.flush();
            }
            return;
        }
        else if (path == "/bytes")
        {
            std::size_t count = std::stoul(queryValue(uri, "n", "1024"));
            response.setContentType("application/octet-stream");
            response.setContentLength(static_cast<std::streamsize>(count));
            std::ostream& out = response.send();
            std::string block(64 * 1024, 'x');
            while (count > 0)
            {
                std::size_t now = std::min(count, block.size());
                out.write(block.data(), static_cast<std::streamsize>(now));
                count -= now;
            }
            return;
        }
        else if (path == "/close-delimited")
        {
            // An answer without Content-Length whose end is the connection's close, written with
            // its last bytes and the close together (what old servers and CGI gateways do).
            auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
            Poco::Net::StreamSocket socket = impl.detachSocket();
            std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
                              "until the close";
            socket.sendBytes(raw.data(), static_cast<int>(raw.size()));
            socket.shutdownSend();
            socket.close();
            return;
        }
        else if (path == "/drop")
        {
            // Closes the connection without answering: a target that fails mid-exchange.
            auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
            Poco::Net::StreamSocket socket = impl.detachSocket();
            socket.close();
            return;
        }
        Poco::JSON::Object echo;
        echo.set("servedBy", _options.name);
        echo.set("method", request.getMethod());
        echo.set("uri", request.getURI());
        echo.set("version", request.getVersion());
        // The peer's port tells a test whether two requests came over the same connection.
        echo.set("clientPort", static_cast<int>(request.clientAddress().port()));
        Poco::JSON::Object headers;
        for (const auto& header : request)
        {
            // Several fields of one name are joined, as a proxy may legitimately do.
            if (headers.has(header.first))
            {
                headers.set(header.first, headers.getValue<std::string>(header.first) + ", " + header.second);
            }
            else
            {
                headers.set(header.first, header.second);
            }
        }
        echo.set("headers", headers);
        echo.set("body", body);
        echo.set("bodyLength", static_cast<int>(body.size()));
        sendJson(response, echo);
    }

private:
    const Options& _options;
};

class DemoFactory final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    explicit DemoFactory(const Options& options) : _options(options) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new DemoHandler(_options);
    }

private:
    const Options& _options;
};

Options parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 1; i < argc; ++i)
    {
        std::string argument = argv[i];
        auto value = [&](const std::string& prefix) { return argument.substr(prefix.size()); };
        if (argument.rfind("--host=", 0) == 0)
        {
            options.host = value("--host=");
        }
        else if (argument.rfind("--port=", 0) == 0)
        {
            options.port = static_cast<unsigned short>(std::stoi(value("--port=")));
        }
        else if (argument.rfind("--name=", 0) == 0)
        {
            options.name = value("--name=");
        }
        else if (argument.rfind("--unhealthy-file=", 0) == 0)
        {
            options.unhealthyFile = value("--unhealthy-file=");
        }
        else
        {
            std::cerr
                << "usage: portico-demo-upstream [--host=H] [--port=P] [--name=N] [--unhealthy-file=F]\n";
            std::exit(2);
        }
    }
    return options;
}

} // namespace

int main(int argc, char** argv)
{
    Options options = parseOptions(argc, argv);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr); // threads started below inherit the mask

    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options.host, options.port), 256);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(256);
    params->setMaxQueued(1024);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(0);
    params->setKeepAliveTimeout(Poco::Timespan(30, 0));
    Poco::ThreadPool pool(8, 256);
    Poco::Net::HTTPServer server(new DemoFactory(options), pool, socket, params);
    server.start();
    std::cout << "listening on " << options.host << ":" << socket.address().port() << std::endl;

    int received = 0;
    sigwait(&signals, &received);
    server.stopAll(true);
    return 0;
}
