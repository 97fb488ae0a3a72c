#include "config/ServerSectionParser.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <cctype>

namespace portico::config
{

namespace
{

std::string lowerCase(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

ServerSectionParser::ServerSectionParser(LoadContext& context, ServerConfig& target)
    : _context(context), _target(target)
{
}

void ServerSectionParser::parse(const pugi::xml_node& server)
{
    ElementReader reader(_context, server, {"ioThreads", "workerThreads"});
    reader.number("ioThreads", _target.ioThreads, 0, 1024);
    reader.number("workerThreads", _target.workerThreads, 0, 1024);

    pugi::xml_node admin, limits, accessLog, logging, trustedProxies;
    bool anyListener = false;
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view name = child.name();
            if (name == "listener")
            {
                anyListener = true;
                parseListener(child);
            }
            else if (name == "admin")
            {
                if (reader.once(child, admin)) parseAdmin(child);
            }
            else if (name == "limits")
            {
                if (reader.once(child, limits)) parseLimits(child);
            }
            else if (name == "accessLog")
            {
                if (reader.once(child, accessLog)) parseAccessLog(child);
            }
            else if (name == "logging")
            {
                if (reader.once(child, logging)) parseLogging(child);
            }
            else if (name == "trustedProxies")
            {
                if (reader.once(child, trustedProxies)) parseTrustedProxies(child);
            }
            else
            {
                reader.unknownChild(child);
            }
        });
    if (!anyListener) reader.error("<server> needs at least one <listener address=\"HOST:PORT\"/>");
}

void ServerSectionParser::parseTrustedProxies(const pugi::xml_node& element)
{
    ElementReader reader(_context, element, {"ips"});
    reader.expectEmpty();
    const std::optional<std::string> ips = reader.required("ips");
    if (!ips) return;
    auto ranges = std::make_shared<net::AddressRangeSet>();
    std::string bad;
    if (!ranges->parse(*ips, bad))
    {
        reader.invalid("ips", *ips, "'" + bad + "' is not an address or a range such as 10.0.0.0/8");
        return;
    }
    _target.trustedProxies = std::move(ranges);
}

bool ServerSectionParser::readAddress(ElementReader& reader, std::string& host, std::uint16_t& port)
{
    const std::optional<std::string> address = reader.required("address");
    if (!address) return false;
    const std::optional<HostPort> parsed = parseHostPort(*address);
    if (!parsed)
    {
        reader.invalid("address", *address, "expected HOST:PORT, e.g. 0.0.0.0:8080 or [::1]:8080");
        return false;
    }
    host = parsed->host;
    port = parsed->port;
    return true;
}

// Two listeners on one address would fail at bind time with a message that no longer says which
// lines of the file collide. Port 0 asks for a fresh port each time, so it never collides.
void ServerSectionParser::checkAddressUnique(ElementReader& reader, const std::string& host,
                                             std::uint16_t port)
{
    if (port == 0) return;
    const std::string key = lowerCase(host);
    for (const UsedAddress& used : _usedAddresses)
    {
        if (used.host == key && used.port == port)
        {
            reader.error("address", "address '" + reader.text("address").value_or("") +
                                        "' is already used at " + LoadContext::describe(used.position));
            return;
        }
    }
    _usedAddresses.push_back(UsedAddress{key, port, reader.position()});
}

void ServerSectionParser::parseListener(const pugi::xml_node& element)
{
    ElementReader reader(_context, element,
                         {"address", "certificate", "privateKey", "clientCa", "clientAuth"});
    reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
    ListenerConfig listener;
    listener.position = reader.position();
    if (readAddress(reader, listener.host, listener.port))
        checkAddressUnique(reader, listener.host, listener.port);
    reader.path("certificate", listener.certificate);
    reader.path("privateKey", listener.privateKey);
    reader.path("clientCa", listener.clientCa);
    const bool clientAuthGiven = reader.has("clientAuth");
    reader.choice(
        "clientAuth", listener.clientAuth,
        {{"none", ClientAuth::None}, {"optional", ClientAuth::Optional}, {"required", ClientAuth::Required}});

    if (listener.certificate.empty() != listener.privateKey.empty())
    {
        reader.error(listener.certificate.empty() ? "privateKey" : "certificate",
                     "'certificate' and 'privateKey' must be set together on <listener>");
    }
    if (!listener.clientCa.empty() && !listener.tls())
    {
        reader.error("clientCa", "'clientCa' on <listener> requires TLS ('certificate' and 'privateKey')");
    }
    if (listener.clientAuth != ClientAuth::None && listener.clientCa.empty())
    {
        reader.error("clientAuth", "clientAuth='" + reader.text("clientAuth").value_or("") +
                                       "' on <listener> requires 'clientCa'");
    }
    // A CA given without clientAuth means the operator wants client certificates checked;
    // quietly accepting every client instead would drop a security setting.
    if (!listener.clientCa.empty() && !clientAuthGiven) listener.clientAuth = ClientAuth::Required;
    _target.listeners.push_back(std::move(listener));
}

namespace
{
constexpr std::size_t minimumRemoteTokenLength = 24;
}

void ServerSectionParser::parseAdmin(const pugi::xml_node& element)
{
    ElementReader reader(_context, element, {"address", "token"});
    reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
    AdminConfig& admin = _target.admin;
    admin.enabled = true;
    if (const std::optional<std::string> token = reader.text("token")) admin.token = *token;
    std::string host;
    std::uint16_t port = 0;
    if (!readAddress(reader, host, port)) return;
    // Off the loopback interface the admin API is reachable by others: only behind a token long
    // enough not to be guessed.
    if (!isLoopbackHost(host) && admin.token.size() < minimumRemoteTokenLength)
    {
        reader.error("address", "admin address '" + reader.text("address").value_or("") +
                                    "' is not a loopback address: the admin API listens on 127.0.0.1, ::1 or "
                                    "localhost, or elsewhere only with a token of at least " +
                                    std::to_string(minimumRemoteTokenLength) + " characters");
        return;
    }
    admin.host = host;
    admin.port = port;
    checkAddressUnique(reader, host, port);
}

void ServerSectionParser::parseLimits(const pugi::xml_node& element)
{
    ElementReader reader(_context, element,
                         {"maxHeaderBytes", "maxBodyBytes", "idleTimeout", "requestTimeout", "drainTimeout"});
    reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
    LimitsConfig& limits = _target.limits;
    // A request line and a Host header need a few hundred bytes; less is a typo, not a policy.
    reader.size("maxHeaderBytes", limits.maxHeaderBytes, 1024);
    reader.size("maxBodyBytes", limits.maxBodyBytes);
    reader.duration("idleTimeout", limits.idleTimeout, false);
    reader.duration("requestTimeout", limits.requestTimeout, false);
    reader.duration("drainTimeout", limits.drainTimeout);
}

void ServerSectionParser::parseAccessLog(const pugi::xml_node& element)
{
    ElementReader reader(_context, element, {"enabled", "path"});
    reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
    AccessLogConfig& accessLog = _target.accessLog;
    reader.boolean("enabled", accessLog.enabled);
    if (!reader.has("path")) return;
    if (const std::optional<std::string> path = reader.required("path"))
    {
        accessLog.path = *path == "-" ? *path : _context.resolvePath(*path);
    }
}

void ServerSectionParser::parseLogging(const pugi::xml_node& element)
{
    ElementReader reader(_context, element, {"level", "to", "path", "rotate", "keep"});
    reader.expectEmpty();
    LoggingConfig& logging = _target.logging;
    reader.choice("level", logging.level, {"debug", "info", "warning", "error"});
    reader.choice("to", logging.to, {"console", "file", "syslog"});
    reader.path("path", logging.path);
    reader.size("rotate", logging.rotateBytes, 1024);
    reader.number("keep", logging.keep, 1, 1000);
    if (logging.to == "file" && logging.path.empty()) reader.error("to=\"file\" needs path=\"FILE\"");
    if (logging.to != "file" && reader.has("path")) reader.error("path is only for to=\"file\"");
}

} // namespace portico::config
