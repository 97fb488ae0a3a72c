#include "admin/AdminServer.h"

#include "admin/AuditAdmin.h"
#include "admin/CacheAdmin.h"
#include "admin/PeerDescription.h"
#include "admin/RateLimitDescription.h"
#include "admin/RuntimeDescription.h"
#include "admin/UsageAdmin.h"
#include "audit/AuditEvents.h"
#include "audit/AuditStore.h"
#include "audit/AuditWriter.h"
#include "metrics/MetricsExposition.h"
#include "store/ConsumerAdmin.h"
#include "util/Clock.h"
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

// Admin calls are rare and short; four at once is plenty, and a fifth connection waits in the
// server's queue.
constexpr int adminThreads = 4;

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

void sendAnswer(Poco::Net::HTTPServerResponse& response, const store::AdminAnswer& answer)
{
    const auto status = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status);
    if (answer.status >= 400)
        sendProblem(response, status, answer.detail);
    else if (answer.status == 204)
    {
        response.setStatus(status);
        response.setContentLength(0);
        response.send();
    }
    else
        sendJson(response, status, answer.body, answer.contentType);
}

// The request body, up to a limit (admin bodies are small JSON documents).
bool readBody(Poco::Net::HTTPServerRequest& request, std::string& body)
{
    constexpr std::size_t limit = 64 * 1024;
    char chunk[4096];
    std::istream& in = request.stream();
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0)
    {
        body.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) return false;
    }
    return true;
}

class AdminHandler final : public Poco::Net::HTTPRequestHandler
{
public:
    AdminHandler(const config::AdminConfig& config, const dataplane::DataPlane& dataPlane,
                 const plugins::PluginCatalog& catalog, store::ConsumerAdmin* consumers,
                 const ReloadCall& reload)
        : _config(config), _dataPlane(dataPlane), _catalog(catalog), _consumers(consumers), _reload(reload)
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override
    {
        // The resource is the path alone: "/admin/consumers?bob" is the collection, not bob.
        const std::string& uri = request.getURI();
        const std::string path = uri.substr(0, uri.find('?'));
        dispatch(request, response, path);
        // Reads are not audited; every change, and every attempt at one, is (a reload writes its
        // own row, with the configuration's digests).
        const std::string& method = request.getMethod();
        if (method != "GET" && method != "HEAD" && path != "/healthz" && !(path == reloadPath && _reload))
            audit::auditEvent(method + " " + path, static_cast<int>(response.getStatus()),
                              request.clientAddress().host().toString());
    }

private:
    void dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                  const std::string& path)
    {
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
        if (path == "/metrics" && request.getMethod() == "GET")
        {
            const std::string text = metrics::exposition();
            response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
            response.setContentType(metrics::expositionContentType);
            response.sendBuffer(text.data(), text.size());
            return;
        }
        if (path == "/admin/peers" && request.getMethod() == "GET")
        {
            sendJson(response, Poco::Net::HTTPResponse::HTTP_OK, describePeers(util::monotonicMillis()));
            return;
        }
        if (path == "/admin/plugins" && request.getMethod() == "GET")
        {
            sendJson(response, Poco::Net::HTTPResponse::HTTP_OK, _catalog.describeJson());
            return;
        }
        if ((path == "/admin/routes" || path == "/admin/upstreams" || path == "/admin/ratelimits") &&
            request.getMethod() == "GET")
        {
            const std::shared_ptr<const runtime::Runtime> runtime = _dataPlane.runtime().get();
            sendJson(response, Poco::Net::HTTPResponse::HTTP_OK,
                     path == "/admin/routes"      ? describeRoutes(*runtime)
                     : path == "/admin/upstreams" ? describeUpstreams(*runtime, util::monotonicMillis())
                                                  : describeRateLimits(*runtime));
            return;
        }
        if (path == reloadPath && request.getMethod() == "POST" && _reload)
        {
            const reload::ReloadOutcome outcome = _reload(request.clientAddress().host().toString());
            return sendJson(
                response,
                outcome.ok ? Poco::Net::HTTPResponse::HTTP_OK : Poco::Net::HTTPResponse::HTTP_BAD_REQUEST,
                reload::describeJson(outcome), outcome.ok ? "application/json" : "application/problem+json");
        }
        if (path == "/admin/cache/purge" && request.getMethod() == "POST")
        {
            std::string body;
            if (!readBody(request, body))
                return sendProblem(response, Poco::Net::HTTPResponse::HTTP_REQUESTENTITYTOOLARGE,
                                   "the body is larger than 64 KiB");
            return sendAnswer(response, purgeCache(cache::CacheStore::shared(), body));
        }
        if (path == "/admin/audit" && request.getMethod() == "GET")
        {
            const audit::AuditWriter* writer = audit::AuditWriter::live();
            if (writer == nullptr)
                return sendProblem(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND,
                                   "the audit log is off: add <audit database=\"FILE\"/>");
            const std::string& uri = request.getURI();
            const std::size_t mark = uri.find('?');
            return sendAnswer(response, listAuditRows(writer->path(), writer->node(),
                                                      mark == std::string::npos ? "" : uri.substr(mark + 1)));
        }
        if (path == "/admin/usage" && request.getMethod() == "GET")
        {
            const audit::AuditWriter* writer = audit::AuditWriter::live();
            if (writer == nullptr)
                return sendProblem(
                    response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND,
                    "usage is read from the audit log, which is off: add <audit database=\"FILE\"/>");
            const std::string& uri = request.getURI();
            const std::size_t mark = uri.find('?');
            return sendAnswer(response, usageReport(writer->path(), writer->node(),
                                                    mark == std::string::npos ? "" : uri.substr(mark + 1),
                                                    acceptsCsv(request.get("Accept", ""))));
        }
        if (path == "/admin/audit/verify" && request.getMethod() == "GET")
        {
            const audit::AuditWriter* writer = audit::AuditWriter::live();
            if (writer == nullptr)
                return sendProblem(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND,
                                   "the audit log is off: add <audit database=\"FILE\"/>");
            const audit::AuditDatabase::Verification result =
                audit::verifyStore(writer->path(), writer->node());
            if (!result.error.empty())
                return sendProblem(response, Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR,
                                   result.error);
            sendJson(response, Poco::Net::HTTPResponse::HTTP_OK,
                     result.ok ? "{\"ok\":true,\"rows\":" + std::to_string(result.rows) + "}"
                               : "{\"ok\":false,\"brokenAt\":" + std::to_string(result.brokenAt) + "}");
            return;
        }
        if (path == "/admin/cache" && request.getMethod() == "GET")
            return sendAnswer(response, describeCache(cache::CacheStore::shared()));
        if (_consumers != nullptr && path.compare(0, consumersPath.size(), consumersPath) == 0 &&
            (path.size() == consumersPath.size() || path[consumersPath.size()] == '/'))
        {
            consumerCall(request, response, path.substr(consumersPath.size()));
            return;
        }
        sendProblem(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "no such admin resource");
    }

    static inline const std::string consumersPath = "/admin/consumers";
    static inline const std::string reloadPath = "/admin/reload";

    // rest: "" (the collection), "/NAME" or "/NAME/keys".
    void consumerCall(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                      const std::string& rest)
    {
        const std::string& method = request.getMethod();
        if (rest.empty() || rest == "/")
        {
            if (method == "GET") return sendAnswer(response, _consumers->list());
            if (method == "POST")
            {
                std::string body;
                if (!readBody(request, body))
                    return sendProblem(response, Poco::Net::HTTPResponse::HTTP_REQUESTENTITYTOOLARGE,
                                       "the body is larger than 64 KiB");
                return sendAnswer(response, _consumers->create(body));
            }
            return sendProblem(response, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED,
                               "use GET or POST on /admin/consumers");
        }
        // "/NAME", "/NAME/password", "/NAME/keys" or "/NAME/keys/ID".
        const std::size_t slash = rest.find('/', 1);
        const std::string name = rest.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
        const std::string below = slash == std::string::npos ? std::string() : rest.substr(slash);
        if (below.empty() && method == "DELETE") return sendAnswer(response, _consumers->remove(name));
        if (below.empty() && method == "GET") return sendAnswer(response, _consumers->show(name));
        if (below == "/password" && method == "PUT")
        {
            std::string body;
            if (!readBody(request, body))
                return sendProblem(response, Poco::Net::HTTPResponse::HTTP_REQUESTENTITYTOOLARGE,
                                   "the body is larger than 64 KiB");
            return sendAnswer(response, _consumers->setPassword(name, body));
        }
        if (below == "/keys" && method == "POST") return sendAnswer(response, _consumers->issueKey(name));
        if (below == "/keys" && method == "GET") return sendAnswer(response, _consumers->listKeys(name));
        if (below.compare(0, 6, "/keys/") == 0 && below.size() > 6 && method == "DELETE")
            return sendAnswer(response, _consumers->revokeKey(name, below.substr(6)));
        sendProblem(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "no such admin resource");
    }

    const config::AdminConfig& _config;
    const dataplane::DataPlane& _dataPlane;
    const plugins::PluginCatalog& _catalog;
    store::ConsumerAdmin* _consumers;
    const ReloadCall& _reload;
};

class AdminHandlerFactory final : public Poco::Net::HTTPRequestHandlerFactory
{
public:
    AdminHandlerFactory(const config::AdminConfig& config, const dataplane::DataPlane& dataPlane,
                        const plugins::PluginCatalog& catalog, store::ConsumerAdmin* consumers,
                        ReloadCall reload)
        : _config(config), _dataPlane(dataPlane), _catalog(catalog), _consumers(consumers),
          _reload(std::move(reload))
    {
    }
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
    {
        return new AdminHandler(_config, _dataPlane, _catalog, _consumers, _reload);
    }

private:
    const config::AdminConfig& _config;
    const dataplane::DataPlane& _dataPlane;
    const plugins::PluginCatalog& _catalog;
    store::ConsumerAdmin* _consumers;
    ReloadCall _reload;
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

AdminServer::AdminServer(const config::AdminConfig& config, const dataplane::DataPlane& dataPlane,
                         const plugins::PluginCatalog& catalog, store::ConsumerAdmin* consumers,
                         ReloadCall reload)
{
    try
    {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(config.host, config.port), 64);
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(adminThreads);
        params->setKeepAlive(true);
        params->setTimeout(Poco::Timespan(10, 0));
        _threads = std::make_unique<Poco::ThreadPool>(adminThreads, adminThreads);
        _server = std::make_unique<Poco::Net::HTTPServer>(
            new AdminHandlerFactory(config, dataPlane, catalog, consumers, std::move(reload)), *_threads,
            socket, params);
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
