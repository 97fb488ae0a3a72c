#pragma once

// Which header fields a proxy must not forward (RFC 9110 7.6.1): the fixed hop-by-hop set
// and every field the message's own Connection header names.

#include "http/HttpHead.h"

#include <array>
#include <cstddef>
#include <string_view>

namespace portico::http
{

bool isHopByHopHeader(std::string_view name);

// True when name is listed in the head's Connection header(s).
bool isNamedByConnection(const HttpHead& head, std::string_view name);

// True when the field must be dropped when forwarding head to the next hop.
bool mustNotForward(const HttpHead& head, std::string_view name);

// The Connection field of a response to request: "Connection: close\r\n" when the connection ends
// after it, "Connection: keep-alive\r\n" when it stays open for an HTTP/1.0 client (which would
// otherwise assume a close), else nothing (HTTP/1.1 keeps alive by default).
std::string_view responseConnectionField(const HttpHead& request, bool keepAlive);

// mustNotForward() for every field of one head, reading its Connection header(s) once rather than
// once per field. Holds views into head, which must outlive it.
class ForwardingFilter
{
public:
    explicit ForwardingFilter(const HttpHead& head);

    bool drops(std::string_view name) const;

private:
    static constexpr std::size_t keptNames = 8;

    const HttpHead& _head;
    std::array<std::string_view, keptNames> _named{};
    std::size_t _count = 0;
    bool _tooMany = false; // more names than kept: ask the head again
};

} // namespace portico::http
