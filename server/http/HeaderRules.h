#pragma once

// Which header fields a proxy must not forward (RFC 9110 7.6.1): the fixed hop-by-hop set
// and every field the message's own Connection header names.

#include "http/HttpHead.h"

#include <string_view>

namespace portico::http
{

bool isHopByHopHeader(std::string_view name);

// True when name is listed in the head's Connection header(s).
bool isNamedByConnection(const HttpHead& head, std::string_view name);

// True when the field must be dropped when forwarding head to the next hop.
bool mustNotForward(const HttpHead& head, std::string_view name);

} // namespace portico::http
