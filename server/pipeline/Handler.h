#pragma once

// The handler stage: produces the response for a routed request (proxying to an upstream, an
// adapter plugin, a built-in document). A handler object belongs to one client connection and
// serves its requests one after another; all calls come from that connection's event loop.

#include "pipeline/LocalReply.h"
#include "util/Clock.h"

#include <cstddef>
#include <memory>
#include <string_view>

namespace portico::net
{
class EventLoop;
}

namespace portico::pipeline
{

struct Exchange;
struct ResponseHead;
class ResponseChannel;
class HandlerFactory;

class Handler
{
public:
    virtual ~Handler() = default;

    // A new request: route and policies have admitted it. The request head is in exchange.
    virtual void start(Exchange& exchange, ResponseChannel& channel) = 0;
    // Decoded request body bytes, in order; then onRequestBodyEnd() once.
    virtual void onRequestBody(const char* data, std::size_t length) = 0;
    virtual void onRequestBodyEnd() = 0;
    // The client's output drained after ResponseChannel::sendBody() said it was full: resume.
    virtual void onClientWritable() = 0;
    virtual void onTick(util::MonoMillis now) = 0;
    // The client went away or the answer was replaced: drop everything, send nothing more.
    virtual void abort() = 0;

    virtual const HandlerFactory* factory() const = 0;
};

class HandlerFactory
{
public:
    virtual ~HandlerFactory() = default;
    // Called once per client connection that uses this kind of handler (then reused). loop is
    // the connection's event loop, where every call to the handler will come from.
    virtual std::unique_ptr<Handler> create(net::EventLoop& loop) const = 0;
};

// How a handler answers; implemented by the exchange runner, which runs the response hooks and
// hands the head to the one response writer.
class ResponseChannel
{
public:
    // The head to fill (empty at the start of each exchange), then sendHead().
    virtual ResponseHead& responseHead() = 0;
    // The head is complete. Framing fields (Content-Length, Transfer-Encoding, Connection) and
    // X-Request-Id are the writer's: say the body length in the head instead.
    virtual void sendHead() = 0;
    // Body bytes as they are (the channel frames them for the client). Returns false when the
    // output is backed up: stop producing until Handler::onClientWritable().
    virtual bool sendBody(const char* data, std::size_t length) = 0;
    // The response is complete.
    virtual void finish() = 0;
    // A gateway error as problem+json, valid only before sendHead().
    virtual void fail(int status, const char* detail) = 0;
    // The same with extension members: extensionMembers is the inside of a JSON object
    // ("\"faultcode\":\"Client\"", no braces), already valid JSON.
    virtual void failWith(int status, std::string_view detail, std::string_view extensionMembers) = 0;
    // The same given whole, with headers (a 503's Retry-After).
    virtual void failWith(LocalReply answer) = 0;
    // The response is broken mid-way (after sendHead): close the client connection.
    virtual void breakOff(const char* reason) = 0;
    // Whether the request body has been received completely.
    virtual bool requestComplete() const = 0;
    // Stops / resumes delivery of request body bytes (backpressure towards the client).
    virtual void pauseRequestBody() = 0;
    virtual void resumeRequestBody() = 0;
    virtual bool clientHttp11() const = 0;

protected:
    ~ResponseChannel() = default;
};

} // namespace portico::pipeline
