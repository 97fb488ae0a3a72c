#pragma once

// The heads a proxy passes on: writes the request head to the upstream, and describes the
// upstream's response head for the pipeline, applying the contract's header rules (hop-by-hop removal
// including the fields named in Connection, X-Request-Id, X-Forwarded-*, Host, body framing).

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

} // namespace portico::proxy
