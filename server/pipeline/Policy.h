#pragma once

// A policy: one module's behaviour on one route (authentication, a rate limit, header rewriting,
// …). Built once from its configuration element by the module's factory (see PolicyRegistry),
// then shared read-only by every event loop, so it holds no per-request state; what must change
// per loop (local buckets, a connection to Redis, a key-set copy) lives in a PolicyLoopState
// created once per loop, which only that loop touches, so the data path takes no lock.
//
// Every hook runs on the exchange's event loop and must not block it. The exchange runner calls:
// - onRequest() in slot order, after routing and before the handler;
// - onResponseHead() in reverse order, only on policies whose onRequest() ran, for every answer
//   (the handler's, a local reply, a gateway error) before anything is serialised;
// - onResponseBody() with the body bytes as they pass, if observesResponseBody();
// - onResponseEnd(), if observesResponseBody(), once the body has passed (whole, unless the
//   handler ended it early) and before the client can have its last byte: what a policy keeps of
//   the answer is in place before the client can act on it;
// - onCancel() when the exchange ends while this policy has it paused;
// - onComplete() exactly once per exchange on every policy whose onRequest() ran, whatever the
//   outcome (answered, refused, upstream failure, timeout, client gone).

#include "pipeline/ResumeToken.h"
#include "pipeline/Slot.h"

#include <cstddef>
#include <memory>

namespace portico::net
{
class EventLoop;
}

namespace portico::pipeline
{

struct Exchange;
struct ResponseHead;
struct LocalReply;

enum class Verdict
{
    Next,  // go on with the chain
    Pause, // the policy called pause() and will fire the token later
    Done,  // the policy called reply(): answer with that, skip the rest and the handler
};

// Per-loop state of one policy on one route; owned by the route's pipeline.
class PolicyLoopState
{
public:
    virtual ~PolicyLoopState() = default;
};

class RequestContext
{
public:
    virtual Exchange& exchange() = 0;
    // This policy's state on this loop (nullptr when it has none).
    virtual PolicyLoopState* loopState() = 0;
    // The answer to give instead of the handler's; fill it, then return Verdict::Done.
    virtual LocalReply& reply(int status, std::string_view detail) = 0;
    // A token to fire later; return Verdict::Pause right after taking it.
    virtual ResumeToken pause() = 0;

protected:
    ~RequestContext() = default;
};

class ResponseContext
{
public:
    virtual Exchange& exchange() = 0;
    virtual PolicyLoopState* loopState() = 0;
    // The head about to be written: edit it in place.
    virtual ResponseHead& head() = 0;
    // True when the answer is the gateway's own (a refusal, an error, a local reply).
    virtual bool localReply() const = 0;
    // Holds the answer until the token fires: next() writes it, reply() replaces it.
    virtual ResumeToken pause() = 0;

protected:
    ~ResponseContext() = default;
};

class Policy
{
public:
    virtual ~Policy() = default;

    virtual Verdict onRequest(RequestContext&) const { return Verdict::Next; }
    // Next or Pause (Done is taken as Next).
    virtual Verdict onResponseHead(ResponseContext&) const { return Verdict::Next; }
    virtual bool observesResponseBody() const { return false; }
    // True for a policy whose onRequest() reads the request body (Exchange::requestBody): the
    // runner then reads the whole body (within maxBodyBytes) before the request hooks run, and
    // hands it to the handler afterwards.
    virtual bool needsRequestBody() const { return false; }
    virtual void onResponseBody(const Exchange&, PolicyLoopState*, const char*, std::size_t) const {}
    virtual void onResponseEnd(const Exchange&, PolicyLoopState*) const {}
    virtual void onCancel(Exchange&, PolicyLoopState*) const {}
    virtual void onComplete(const Exchange&, PolicyLoopState*) const {}

    // True for a policy that answers CORS preflights itself: an OPTIONS request with Origin and
    // Access-Control-Request-Method is then routed as the method it asks about, so it reaches
    // this policy on the route the real request will take (instead of a 405 for OPTIONS).
    virtual bool answersPreflight() const { return false; }

    // Called once per event loop when the configuration goes live, on the starting thread.
    virtual std::unique_ptr<PolicyLoopState> createLoopState(net::EventLoop&) const { return nullptr; }
};

} // namespace portico::pipeline
