#include "cors/CorsPolicy.h"

#include "config/LoadContext.h"
#include "http/TokenChars.h"
#include "pipeline/Exchange.h"
#include "pipeline/LocalReply.h"
#include "pipeline/ResponseHead.h"

#include <portico/config/ElementReader.h>
#include <portico/config/Values.h>

#include <algorithm>
#include <cctype>

namespace portico::cors
{

namespace
{

std::string joined(const std::vector<std::string>& items)
{
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

std::string lowerCase(std::string_view text)
{
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return lower;
}

// Every name in a comma list ("X-A, content-type") is among allowed (lower case).
bool headersAllowed(std::string_view requested, const std::vector<std::string>& allowed)
{
    for (const std::string& name : config::splitList(requested))
        if (std::find(allowed.begin(), allowed.end(), lowerCase(name)) == allowed.end()) return false;
    return true;
}

} // namespace

bool OriginRule::parse(std::string_view text, OriginRule& rule)
{
    rule = OriginRule();
    if (text == "*")
    {
        rule._any = true;
        return true;
    }
    const std::size_t scheme = text.find("://");
    if (scheme == std::string_view::npos || scheme == 0 || text.back() == '/' ||
        text.find_first_of(" ?#", scheme) != std::string_view::npos)
        return false;
    const std::size_t star = text.find('*');
    if (star == std::string_view::npos)
    {
        rule._prefix = std::string(text);
        return true;
    }
    // One '*', right after "scheme://", standing for whole labels: "https://*.example.com".
    if (text.find('*', star + 1) != std::string_view::npos || star != scheme + 3 || star + 1 >= text.size() ||
        text[star + 1] != '.')
        return false;
    rule._pattern = true;
    rule._prefix = std::string(text.substr(0, star));
    rule._suffix = std::string(text.substr(star + 1));
    return true;
}

bool OriginRule::matches(std::string_view origin) const
{
    if (_any) return true;
    if (!_pattern) return origin == _prefix;
    if (origin.size() <= _prefix.size() + _suffix.size() || origin.substr(0, _prefix.size()) != _prefix ||
        origin.substr(origin.size() - _suffix.size()) != _suffix)
        return false;
    const std::string_view labels =
        origin.substr(_prefix.size(), origin.size() - _prefix.size() - _suffix.size());
    // Host labels only: no port, path, user information or empty label can hide in the wildcard.
    return labels.find_first_of(":/@?# ") == std::string_view::npos && labels.front() != '.' &&
           labels.back() != '.' && labels.find("..") == std::string_view::npos;
}

std::shared_ptr<const pipeline::Policy> CorsPolicy::build(const pipeline::PolicyElement& input)
{
    config::ElementReader reader(input.context, input.element,
                                 {"origins", "methods", "headers", "expose", "credentials", "maxAge"});
    reader.expectEmpty();
    CorsSettings settings;
    const std::optional<std::string> origins = reader.required("origins");
    if (!origins) return nullptr;
    bool anyOrigin = false;
    for (const std::string& text : config::splitList(*origins))
    {
        OriginRule rule;
        if (!OriginRule::parse(text, rule))
        {
            reader.invalid("origins", *origins,
                           "'" + text +
                               "' is not an origin such as https://app.example.com, a pattern such as "
                               "https://*.example.com, or *");
            return nullptr;
        }
        anyOrigin = anyOrigin || rule.any();
        settings.origins.push_back(std::move(rule));
    }
    reader.boolean("credentials", settings.credentials);
    if (anyOrigin && settings.credentials)
    {
        reader.error("credentials",
                     "credentials=\"true\" on <cors> cannot go with origins=\"*\": name the origins");
        return nullptr;
    }
    settings.methods = input.route.methods;
    if (const std::optional<std::string> methods = reader.text("methods"))
    {
        settings.methods.clear();
        for (const std::string& method : config::splitList(*methods))
        {
            if (!config::isHttpToken(method))
            {
                reader.invalid("methods", *methods, "expected method names such as GET, POST");
                return nullptr;
            }
            std::string upper = method;
            std::transform(upper.begin(), upper.end(), upper.begin(),
                           [](unsigned char c) { return std::toupper(c); });
            settings.methods.push_back(upper);
        }
    }
    if (settings.methods.empty()) settings.methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
    settings.methodsValue = joined(settings.methods);
    std::vector<std::string> headers = {"authorization", "content-type"};
    if (const std::optional<std::string> listed = reader.text("headers"))
        headers = config::splitList(*listed);
    for (std::string& name : headers)
    {
        if (!config::isHttpToken(name))
        {
            reader.invalid("headers", name, "expected header names");
            return nullptr;
        }
        name = lowerCase(name);
    }
    settings.headers = headers;
    settings.headersValue = joined(headers);
    if (const std::optional<std::string> expose = reader.text("expose"))
        settings.exposeValue = joined(config::splitList(*expose));
    config::Duration maxAge{std::chrono::minutes(10)};
    reader.duration("maxAge", maxAge);
    settings.maxAgeSeconds = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(maxAge).count());
    return std::make_shared<CorsPolicy>(std::move(settings));
}

bool CorsPolicy::originAllowed(std::string_view origin) const
{
    return std::any_of(_settings.origins.begin(), _settings.origins.end(),
                       [origin](const OriginRule& rule) { return rule.matches(origin); });
}

pipeline::Verdict CorsPolicy::onRequest(pipeline::RequestContext& context) const
{
    const pipeline::Exchange& exchange = context.exchange();
    if (exchange.request.method != "OPTIONS") return pipeline::Verdict::Next;
    const std::string_view origin = exchange.request.find("origin");
    const std::string_view method = exchange.request.find("access-control-request-method");
    if (origin.data() == nullptr || method.data() == nullptr) return pipeline::Verdict::Next;
    return preflight(context, origin, method);
}

pipeline::Verdict CorsPolicy::preflight(pipeline::RequestContext& context, std::string_view origin,
                                        std::string_view method) const
{
    const pipeline::Exchange& exchange = context.exchange();
    if (!originAllowed(origin))
    {
        context.reply(403, "the origin is not allowed to call this route").header("Vary", "Origin");
        return pipeline::Verdict::Done;
    }
    if (std::find(_settings.methods.begin(), _settings.methods.end(), method) == _settings.methods.end())
    {
        context.reply(403, "the method " + std::string(method) + " is not allowed from other origins")
            .header("Vary", "Origin");
        return pipeline::Verdict::Done;
    }
    const std::string_view requested = exchange.request.find("access-control-request-headers");
    if (requested.data() != nullptr && !headersAllowed(requested, _settings.headers))
    {
        context.reply(403, "a requested header is not allowed from other origins").header("Vary", "Origin");
        return pipeline::Verdict::Done;
    }
    pipeline::LocalReply& reply = context.reply(204, "");
    reply.header("Access-Control-Allow-Origin", std::string(origin));
    reply.header("Access-Control-Allow-Methods", _settings.methodsValue);
    if (!_settings.headersValue.empty()) reply.header("Access-Control-Allow-Headers", _settings.headersValue);
    reply.header("Access-Control-Max-Age", _settings.maxAgeSeconds);
    if (_settings.credentials) reply.header("Access-Control-Allow-Credentials", "true");
    reply.header("Vary", "Origin");
    return pipeline::Verdict::Done;
}

pipeline::Verdict CorsPolicy::onResponseHead(pipeline::ResponseContext& context) const
{
    const pipeline::Exchange& exchange = context.exchange();
    pipeline::ResponseHead& head = context.head();
    if (exchange.request.method == "OPTIONS" && exchange.request.has("access-control-request-method") &&
        exchange.request.has("origin"))
        return pipeline::Verdict::Next; // a preflight: this policy's own answer, complete as it is
    // Views: the policy's strings and the request's head outlive the response head.
    head.addView("Vary", "Origin");
    const std::string_view origin = exchange.request.find("origin");
    if (origin.data() == nullptr || !originAllowed(origin)) return pipeline::Verdict::Next;
    const bool anyOrigin =
        !_settings.credentials && std::any_of(_settings.origins.begin(), _settings.origins.end(),
                                              [](const OriginRule& rule) { return rule.any(); });
    head.addView("Access-Control-Allow-Origin", anyOrigin ? std::string_view("*") : origin);
    if (_settings.credentials) head.addView("Access-Control-Allow-Credentials", "true");
    if (!_settings.exposeValue.empty()) head.addView("Access-Control-Expose-Headers", _settings.exposeValue);
    return pipeline::Verdict::Next;
}

void registerCorsModule(pipeline::PolicyRegistry& registry)
{
    registry.add("cors", pipeline::Slot::Edge, &CorsPolicy::build);
}

} // namespace portico::cors
