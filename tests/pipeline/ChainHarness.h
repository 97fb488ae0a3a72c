#pragma once

// The exchange runner and the HTTP/1 connection for real, inside a test: a route whose policies
// the test chooses, a small handler, one event loop on its own thread, and clients talking HTTP
// over socket pairs. Every wait is bounded.

#include "net/EventLoop.h"
#include "pipeline/Policy.h"
#include "pipeline/ResponseHead.h"
#include "runtime/Runtime.h"
#include "runtime/RuntimeHolder.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace portico::test
{

// What happened, in order, across the loop thread and the test thread.
class EventLog
{
public:
    void add(std::string event);
    std::vector<std::string> events() const;
    std::size_t count(const std::string& event) const;
    // Waits until event has been logged at least times times; false when the wait ran out.
    bool waitFor(const std::string& event, std::size_t times = 1,
                 std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

private:
    mutable std::mutex _mutex;
    mutable std::condition_variable _changed;
    std::vector<std::string> _events;
};

// Tokens a policy kept, handed to the test thread.
class TokenBox
{
public:
    void put(pipeline::ResumeToken token);
    // The oldest kept token; waits for one (bounded). An invalid token when none came.
    pipeline::ResumeToken take(std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
    std::mutex _mutex;
    std::condition_variable _changed;
    std::vector<pipeline::ResumeToken> _tokens;
};

// A policy that does what the test says and logs each hook as "NAME.hook".
class ScriptedPolicy final : public pipeline::Policy
{
public:
    enum class Request
    {
        Next,
        Reply,        // answers replyStatus with a "X-Refused-By: NAME" header
        ResumeAtOnce, // pauses and fires next() while its hook is still on the stack
        ReplyAtOnce,  // pauses and fires reply() while its hook is still on the stack
        Hold,         // pauses and puts the token in tokens()
        PauseNoToken, // returns Pause without taking a token (a policy bug)
        DoneNoReply,  // returns Done without filling a reply (a policy bug)
    };
    enum class Response
    {
        Next,
        Hold,        // pauses the response head and puts the token in tokens()
        ReplyAtOnce, // pauses and replaces the answer with replyStatus while its hook is on the stack
    };

    ScriptedPolicy(std::string name, EventLog& log, Request request, Response response = Response::Next,
                   int replyStatus = 401);

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override;
    pipeline::Verdict onResponseHead(pipeline::ResponseContext& context) const override;
    void onCancel(pipeline::Exchange& exchange, pipeline::PolicyLoopState* state) const override;
    void onComplete(const pipeline::Exchange& exchange, pipeline::PolicyLoopState* state) const override;
    std::unique_ptr<pipeline::PolicyLoopState> createLoopState(net::EventLoop& loop) const override;

    TokenBox& tokens() const { return _tokens; }

private:
    std::string _name;
    EventLog& _log;
    Request _request;
    Response _response;
    int _replyStatus;
    mutable TokenBox _tokens;
};

struct RawResponse
{
    int status = 0;                                          // 0: nothing (or nothing whole) arrived in time
    std::map<std::string, std::vector<std::string>> headers; // lower-case names
    std::string body;

    std::string header(const std::string& name) const;
    std::size_t headerCount(const std::string& name) const;
};

class ChainHarness
{
public:
    // pauseLimit bounds how long a policy may hold an exchange (the route's requestTimeout).
    explicit ChainHarness(std::chrono::milliseconds pauseLimit = std::chrono::seconds(30));
    ~ChainHarness();

    EventLog& log() { return _log; }
    // Adds a policy to the one route ("/r/{id}", any method) before start().
    void add(pipeline::Slot slot, std::shared_ptr<const pipeline::Policy> policy);
    void start();

    // A new client connection; returns the client's end (blocking, with a receive timeout).
    int connect();
    static void send(int fd, const std::string& bytes);
    // Reads one whole response (Content-Length framed) within timeout; bytes past it are kept
    // for the next read on that connection.
    RawResponse read(int fd, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // True when nothing at all arrives within quiet.
    bool silent(int fd, std::chrono::milliseconds quiet = std::chrono::milliseconds(200));
    // True when the peer closed the connection within timeout with nothing more to read.
    bool closedByPeer(int fd, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Closes the client's end (the client leaves).
    void disconnect(int fd);

private:
    EventLog _log;
    std::shared_ptr<config::Config> _config;
    std::shared_ptr<runtime::Runtime> _runtime;
    runtime::RuntimeHolder _holder; // holds _runtime once started
    std::unique_ptr<net::EventLoop> _loop;
    std::unique_ptr<pipeline::CompletionStage> _completion;
    std::vector<int> _clients;
    std::map<int, std::string> _pending; // bytes read past the last response, per client
    bool _started = false;
};

} // namespace portico::test
