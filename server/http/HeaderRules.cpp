#include "http/HeaderRules.h"

namespace portico::http
{

bool isHopByHopHeader(std::string_view name)
{
    // Proxy-Connection and Keep-Alive are not in RFC 9110's list but are hop-by-hop in practice.
    static constexpr std::string_view hopByHop[] = {"connection",          "keep-alive", "proxy-connection",
                                                    "proxy-authenticate", "proxy-authorization", "te",
                                                    "trailer",             "transfer-encoding",  "upgrade"};
    for (std::string_view candidate : hopByHop)
    {
        if (util::equalsIgnoreCase(name, candidate))
        {
            return true;
        }
    }
    return false;
}

bool isNamedByConnection(const HttpHead& head, std::string_view name)
{
    bool named = false;
    for (const HeaderField& field : head.headers)
    {
        if (util::equalsIgnoreCase(field.name, "connection"))
        {
            util::forEachListElement(field.value, [&](std::string_view option) {
                if (util::equalsIgnoreCase(option, name))
                {
                    named = true;
                }
            });
        }
    }
    return named;
}

bool mustNotForward(const HttpHead& head, std::string_view name)
{
    return isHopByHopHeader(name) || isNamedByConnection(head, name);
}

} // namespace portico::http
