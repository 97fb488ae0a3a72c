#pragma once

// The one place a response head becomes bytes. Every answer — proxied, from an adapter, from a
// built-in route, or made by the gateway itself — goes through writeResponseHead(), so body
// framing, X-Request-Id and the Connection field follow one set of rules. keepAliveAfter() is
// the one rule for whether the client connection stays open.

#include "http/ChunkedEncoder.h"
#include "http/HttpHead.h"
#include "pipeline/ResponseHead.h"
#include "util/Buffer.h"

#include <string_view>

namespace portico::pipeline
{

struct ClientFraming
{
    bool chunked = false; // the body is re-framed as chunks for the client
    bool close = false;   // the connection closes after this response
    bool noBody = false;  // nothing follows the head (HEAD, 204, 304)
};

// Whether the connection may carry another request after this answer. requestComplete: the
// whole request body was read (else its unread rest would be taken for the next request).
inline bool keepAliveAfter(const http::HttpHead& request, const ResponseHead& head, bool requestComplete,
                           bool draining)
{
    return request.keepAlive && requestComplete && !draining && !head.closeAfter;
}

// Appends the serialised head to out. keepAlive comes from keepAliveAfter(); the writer may
// still close (a body of unknown length to an HTTP/1.0 client ends with the close).
ClientFraming writeResponseHead(const ResponseHead& head, const http::HttpHead& request, bool isHead,
                                std::string_view requestId, bool keepAlive, util::Buffer& out);

} // namespace portico::pipeline
