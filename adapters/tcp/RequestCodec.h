#pragma once

// Turns an HTTP request into the payload the peer expects (before framing). One implementation per
// <request codec="…">. Immutable after construction; thread-safe. encode() runs on the gateway's
// event loop, so it must stay cheap and never block.

#include "tcp/RequestData.h"

#include <string>

namespace portico::tcp
{

class RequestCodec
{
public:
    virtual ~RequestCodec() = default;

    // On failure returns false and sets problem to the detail of a 400 answer, naming the field or
    // part of the request at fault.
    virtual bool encode(const RequestData& request, std::string& payload, std::string& problem) const = 0;

    // The same, also giving the request's match key for a multiplexed peer ("" when the codec has
    // none): the codec knows it as it encodes, so nothing reads the payload again.
    virtual bool encode(const RequestData& request, std::string& payload, std::string& key,
                        std::string& problem) const
    {
        key.clear();
        return encode(request, payload, problem);
    }
};

} // namespace portico::tcp
