#include "http/HeaderRules.h"

namespace portico::http
{

bool isHopByHopHeader(std::string_view name)
{
    // Proxy-Connection and Keep-Alive are not in RFC 9110's list but are hop-by-hop in practice.
    // Asked for every forwarded field, so the length picks the one or two candidates to compare.
    switch (name.size())
    {
    case 2:
        return util::equalsIgnoreCase(name, "te");
    case 7:
        return util::equalsIgnoreCase(name, "trailer") || util::equalsIgnoreCase(name, "upgrade");
    case 10:
        return util::equalsIgnoreCase(name, "connection") || util::equalsIgnoreCase(name, "keep-alive");
    case 16:
        return util::equalsIgnoreCase(name, "proxy-connection");
    case 17:
        return util::equalsIgnoreCase(name, "transfer-encoding");
    case 18:
        return util::equalsIgnoreCase(name, "proxy-authenticate");
    case 19:
        return util::equalsIgnoreCase(name, "proxy-authorization");
    default:
        return false;
    }
}

bool isNamedByConnection(const HttpHead& head, std::string_view name)
{
    bool named = false;
    for (const HeaderField& field : head.headers)
    {
        if (util::equalsIgnoreCase(field.name, "connection"))
        {
            util::forEachListElement(field.value,
                                     [&](std::string_view option)
                                     {
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

std::string_view responseConnectionField(const HttpHead& request, bool keepAlive)
{
    if (!keepAlive)
    {
        return "Connection: close\r\n";
    }
    return request.versionMinor >= 1 ? std::string_view() : std::string_view("Connection: keep-alive\r\n");
}

ForwardingFilter::ForwardingFilter(const HttpHead& head) : _head(head)
{
    for (const HeaderField& field : head.headers)
    {
        if (!util::equalsIgnoreCase(field.name, "connection"))
        {
            continue;
        }
        util::forEachListElement(field.value,
                                 [&](std::string_view option)
                                 {
                                     if (isHopByHopHeader(option))
                                     {
                                         return; // dropped anyway ("keep-alive")
                                     }
                                     if (_count < keptNames)
                                     {
                                         _named[_count++] = option;
                                     }
                                     else
                                     {
                                         _tooMany = true;
                                     }
                                 });
    }
}

bool ForwardingFilter::drops(std::string_view name) const
{
    if (isHopByHopHeader(name))
    {
        return true;
    }
    // The gateway's own statement of who the caller is: a client's Connection header cannot
    // make it disappear (the client's own copies were removed when the request arrived).
    if (util::equalsIgnoreCase(name, "x-consumer-name"))
    {
        return false;
    }
    if (_tooMany)
    {
        return isNamedByConnection(_head, name);
    }
    for (std::size_t i = 0; i < _count; ++i)
    {
        if (util::equalsIgnoreCase(_named[i], name))
        {
            return true;
        }
    }
    return false;
}

} // namespace portico::http
