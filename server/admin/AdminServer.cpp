#include "admin/AdminServer.h"

#include "util/JsonEscape.h"
#include "util/RequestId.h"

#include <loader/PluginCatalog.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <openssl/crypto.h>
#include <stdexcept>

namespace portico::admin
{

namespace
{

void sendJson(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
              const std::string& body, const std::string& contentType = "application/json")
{
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
}

void sendProblem(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
                 const std::string& detail)
{
    std::string requestId;
    util::newRequestId(requestId);
    std::string body = "{\"type\":\"about:blank\",\"title\":\"";
    util::appendJsonEscaped(Poco::Net::HTTPResponse::getReasonForStatus(status), body);
    body += "\",\"status\":" + std::to_string(static_cast<int>(status)) + ",\"detail\":\"";
    util::appendJsonEscaped(detail, body);
    body += "\",\"requestId\":\"" + requestId + "\"}";
    response.set("X-Request-Id", requestId);
    sendJson(response, status, body, "application/problem+json");
}

class AdminHandler final : public Poco::Net::HTTPRequestHandler
{
public:
    AdminHandler(const config::AdminConfig& config, const plugins::PluginCatalog& catalog)
        : _config(config), _catalog(catalog)
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        const std::string& path = request.getURI();
        if (path == "/healthz")
        {
            sendJson(response, Poco::Net::HTTPResponse::HTTP_OK, "{\"status\":\"ok\"}");
            return;
        }
        std::string authorization = request.get("Authorization", "");
        static const std::string bearer = "Bearer ";
        bool authorized = !_config.token.empty() && authorization.compare(0, bearer.size(), bearer) == 0 &&
                          constantTimeEquals(authorization.substr(bearer.size()), _config.token);
        if (!authorized)
        {
            response.set("WWW-Authenticate", "Bearer realm=\"portico-admin\"");
            sendProblem(response, Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED,
                        "a valid admin bearer token is required");
            return;
        }
        if (path == "/admin/plugins" && request.getMethod() == "GET")
        {
            sendJson(response, Poco::Net::HTTPResponse::HTTP_OK, _catalog.describeJson());
            return;
        }
        sendProblem(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "no such admin resource");
    }

private:
    const config::AdminConfig& _config;
    const plugins::PluginCatalog& _catalog;
};

class AdminHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    AdminHandlerFactory(const config::AdminConfig& config, const plugins::PluginCatalog& catalog)
        : _config(config), _catalog(catalog)
    {
    }
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new AdminHandler(_config, _catalog);
    }

private:
    const config::AdminConfig& _config;
    const plugins::PluginCatalog& _catalog;
};

} // namespace

bool constantTimeEquals(const std::string& presented, const std::string& expected)
{
    // Compare over the expected length whatever was presented, so timing reveals neither
    // the content nor (beyond that) the length of the secret.
    std::string padded = presented;
    padded.resize(expected.size());
    bool same = CRYPTO_memcmp(padded.data(), expected.data(), expected.size()) == 0;
    return same && presented.size() == expected.size();
}

AdminServer::AdminServer(const config::AdminConfig& config, const dataplane::DataPlane&,
                         const plugins::PluginCatalog& catalog)
{
    try
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(config.host, config.port), 64);
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        params->setKeepAlive(true);
        params->setTimeout(Poco::Timespan(10, 0));
        _server =
            std::make_unique<Poco::Net::HTTPServer>(new AdminHandlerFactory(config, catalog), socket, params);
    }
    catch (const Poco::Exception& e)
    {
        throw std::runtime_error("cannot listen on the admin address " + config.host + ":" +
                                 std::to_string(config.port) + ": " + e.displayText());
    }
}

AdminServer::~AdminServer()
{
    stop();
}

void AdminServer::start()
{
    _server->start();
}

void AdminServer::stop()
{
    if (_server)
    {
        _server->stopAll(true);
    }
}

std::uint16_t AdminServer::port() const
{
    return _server->port();
}

} // namespace portico::admin
