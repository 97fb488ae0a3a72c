#include "config/UpstreamSectionParser.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>

namespace portico::config
{

UpstreamSectionParser::UpstreamSectionParser(LoadContext& context, std::vector<UpstreamConfig>& target)
    : _context(context), _target(target)
{
}

void UpstreamSectionParser::parse(const pugi::xml_node& upstreams)
{
    ElementReader reader(_context, upstreams, {});
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            if (std::string_view(child.name()) == "upstream")
                parseUpstream(child);
            else
                reader.unknownChild(child);
        });
}

void UpstreamSectionParser::parseUpstream(const pugi::xml_node& element)
{
    ElementReader reader(_context, element,
                         {"name", "balance", "connectTimeout", "timeout", "retries", "maxFails",
                          "failTimeout", "maxIdle", "verifyTls", "caFile"});
    UpstreamConfig upstream;
    upstream.position = reader.position();
    if (const std::optional<std::string> name = reader.required("name"))
    {
        if (!isValidName(*name))
        {
            reader.invalid("name", *name, "use letters, digits, '.', '_' and '-'");
        }
        else if (const auto first = _names.find(*name); first != _names.end())
        {
            reader.error("name", "duplicate upstream name '" + *name + "' (first defined at " +
                                     LoadContext::describe(first->second) + ")");
        }
        else
        {
            _names.emplace(*name, upstream.position);
        }
        upstream.name = *name;
    }
    reader.choice("balance", upstream.balance,
                  {{"round-robin", Balance::RoundRobin},
                   {"least-requests", Balance::LeastRequests},
                   {"random", Balance::Random}});
    reader.duration("connectTimeout", upstream.connectTimeout, false);
    reader.duration("timeout", upstream.timeout, false);
    reader.number("retries", upstream.retries, 0, 10);
    reader.number("maxFails", upstream.maxFails, 0, 1000); // 0: failures in a row never open the breaker
    reader.duration("failTimeout", upstream.failTimeout);
    reader.number("maxIdle", upstream.maxIdlePerTarget, 0, 10000);
    reader.boolean("verifyTls", upstream.verifyTls);
    reader.path("caFile", upstream.caFile);

    pugi::xml_node healthCheck, breaker;
    reader.forEachChild(
        [&](pugi::xml_node child)
        {
            const std::string_view name = child.name();
            if (name == "target")
            {
                parseTarget(child, upstream);
            }
            else if (name == "healthCheck")
            {
                if (reader.once(child, healthCheck)) parseHealthCheck(child, upstream.healthCheck);
            }
            else if (name == "circuitBreaker")
            {
                if (reader.once(child, breaker)) parseBreaker(child, upstream.breaker);
            }
            else
            {
                reader.unknownChild(child);
            }
        });
    if (element.child("target") == nullptr)
        reader.error("upstream '" + upstream.name + "' needs at least one <target url=\"…\"/>");
    _target.push_back(std::move(upstream));
}

bool UpstreamSectionParser::readTargetUrl(ElementReader& reader, const char* attribute, TargetConfig& target)
{
    const std::optional<std::string> url = reader.required(attribute);
    if (!url) return false;
    const std::optional<HttpUrl> parsed = parseHttpUrl(*url);
    if (!parsed)
    {
        reader.invalid(attribute, *url, "expected http://HOST[:PORT][/PATH] or https://HOST[:PORT][/PATH]");
        return false;
    }
    target.url = *url;
    target.https = parsed->https;
    target.host = parsed->host;
    target.port = parsed->port;
    target.basePath = parsed->basePath;
    return true;
}

void UpstreamSectionParser::parseTarget(const pugi::xml_node& element, UpstreamConfig& upstream)
{
    ElementReader reader(_context, element, {"url", "weight"});
    reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
    TargetConfig target;
    readTargetUrl(reader, "url", target);
    reader.number("weight", target.weight, 1, 1000);
    upstream.targets.push_back(std::move(target));
}

void UpstreamSectionParser::parseBreaker(const pugi::xml_node& element, BreakerConfig& breaker)
{
    ElementReader reader(_context, element, {"ratio", "window", "minRequests"});
    reader.expectEmpty();
    if (const std::optional<std::string> ratio = reader.required("ratio"))
    {
        // "50%": a whole percentage from 1 to 100.
        const std::optional<unsigned> percent =
            !ratio->empty() && ratio->back() == '%'
                ? parseUnsigned(ratio->substr(0, ratio->size() - 1), 1, 100)
                : std::nullopt;
        if (percent)
            breaker.ratio = *percent / 100.0;
        else
            reader.invalid("ratio", *ratio, "expected a percentage from 1% to 100%");
    }
    reader.duration("window", breaker.window, false);
    reader.number("minRequests", breaker.minRequests, 1, 1000000);
}

void UpstreamSectionParser::parseHealthCheck(const pugi::xml_node& element, HealthCheckConfig& healthCheck)
{
    ElementReader reader(_context, element,
                         {"path", "interval", "timeout", "unhealthyAfter", "healthyAfter"});
    reader.forEachChild([&](pugi::xml_node child) { reader.unknownChild(child); });
    healthCheck.enabled = true;
    if (const std::optional<std::string> path = reader.text("path"))
    {
        const auto isControlOrSpace = [](char c)
        { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; };
        if (path->empty() || path->front() != '/' ||
            std::any_of(path->begin(), path->end(), isControlOrSpace))
            reader.invalid("path", *path, "expected a path starting with '/'");
        else
            healthCheck.path = *path;
    }
    reader.duration("interval", healthCheck.interval, false);
    reader.duration("timeout", healthCheck.timeout, false);
    reader.number("unhealthyAfter", healthCheck.unhealthyAfter, 1, 100);
    reader.number("healthyAfter", healthCheck.healthyAfter, 1, 100);
}

} // namespace portico::config
