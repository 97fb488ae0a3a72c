#pragma once

// Writes the heads a proxy sends on: the request head to the upstream and the response head
// back to the client, applying the contract's header rules (hop-by-hop removal including the
// fields named in Connection, X-Request-Id, X-Forwarded-*, Host, body framing).

#include "config/Config.h"
#include "http/HttpHead.h"
#include "pipeline/Exchange.h"
#include "pipeline/ResponseHead.h"
#include "util/Buffer.h"

#include <string_view>

namespace portico::proxy
{

enum class UpstreamBodyFraming
{
    None,
    ContentLength,
    Chunked
};

// path is the path (and "?query") to request from the upstream; hostHeader the Host to send.
void writeUpstreamRequestHead(const pipeline::Exchange& exchange, std::string_view path,
                              std::string_view host, util::Buffer& out, UpstreamBodyFraming& framing);

// The upstream's answer as the pipeline's response head: status, reason and the end-to-end
// fields (views into response's head block), the body length as the upstream framed it.
// Hop-by-hop fields, the fields its Connection names, Content-Length and X-Request-Id stay behind:
// the response writer adds the client's own.
void describeUpstreamResponse(const http::HttpHead& response, bool requestIsHead,
                              pipeline::ResponseHead& head);

struct ClientResponseFraming
{
    bool chunked = false; // re-frame the body as chunked for the client
    bool close = false;   // the client connection closes after this response
};

// describeUpstreamResponse() then the response writer, as one call. keepAliveWanted is whether the gateway
// intends to keep the client connection open (the client asked for it and nothing prevents it).
ClientResponseFraming writeClientResponseHead(const http::HttpHead& response,
                                              const pipeline::Exchange& exchange, bool keepAliveWanted,
                                              util::Buffer& out);

} // namespace portico::proxy
