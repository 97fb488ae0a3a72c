#pragma once

// <cors origins methods headers expose credentials maxAge/>: browsers on other origins may call the
// route. At the edge, before authentication, a preflight (OPTIONS with Origin and
// Access-Control-Request-Method) is answered by the gateway: 204 with the allowed methods,
// headers and max-age, or 403 when the origin, method or a header is not allowed. On every other
// answer of the route — the upstream's, and the gateway's own 401, 403 or 429 — an allowed Origin
// gets Access-Control-Allow-Origin (and -Credentials, -Expose-Headers), so a browser can read
// why it was refused; Vary: Origin is always added, so a shared cache keeps answers per origin.

#include "pipeline/Policy.h"
#include "pipeline/PolicyRegistry.h"

#include <string>
#include <string_view>
#include <vector>

namespace portico::cors
{

// An allowed origin: exact ("https://app.example.com"), a pattern with one '*' standing for one or
// more subdomain labels ("https://*.example.com"), or "*" for any.
class OriginRule
{
public:
    static bool parse(std::string_view text, OriginRule& rule);
    bool matches(std::string_view origin) const;
    bool any() const { return _any; }

private:
    bool _any = false;
    std::string _prefix; // up to the '*' (the whole origin when exact)
    std::string _suffix; // after the '*'
    bool _pattern = false;
};

struct CorsSettings
{
    std::vector<OriginRule> origins;
    std::vector<std::string> methods; // upper case
    std::vector<std::string> headers; // lower case; allowed request headers
    std::string methodsValue;         // as sent in Access-Control-Allow-Methods
    std::string headersValue;         // as sent in Access-Control-Allow-Headers
    std::string exposeValue;          // Access-Control-Expose-Headers, "" for none
    bool credentials = false;
    std::string maxAgeSeconds = "600";
};

class CorsPolicy final : public pipeline::Policy
{
public:
    explicit CorsPolicy(CorsSettings settings) : _settings(std::move(settings)) {}

    static std::shared_ptr<const pipeline::Policy> build(const pipeline::PolicyElement& element);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    pipeline::Verdict onResponseHead(pipeline::ResponseContext& context) const override;
    bool answersPreflight() const override { return true; }

private:
    bool originAllowed(std::string_view origin) const;
    pipeline::Verdict preflight(pipeline::RequestContext& context, std::string_view origin,
                                std::string_view method) const;

    CorsSettings _settings;
};

// Registers <cors> in the edge slot.
void registerCorsModule(pipeline::PolicyRegistry& registry);

} // namespace portico::cors
