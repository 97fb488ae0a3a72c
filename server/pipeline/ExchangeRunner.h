#pragma once

// Runs one exchange at a time through its route: routing, the policies' request hooks in slot
// order (each may go on, pause, or answer), the handler, the response hooks in reverse order on
// the policies that ran, the one response writer, and completion exactly once. Owned by one
// client connection and reused for its requests; every call comes from that connection's loop.
//
// Paused exchanges: the runner hands the policy a ResumeToken and holds the request body; the
// token's firing comes back through resume(), at once when the hook is still on the stack
// (acted on when it returns), or later on the loop. A client that leaves, or a pause longer
// than pauseLimit, cancels the pending work (the policy's onCancel()). The table's release gate
// (strict audit) holds an answer the same way, after every response hook.

#include "pipeline/ClientStream.h"
#include "pipeline/Exchange.h"
#include "pipeline/Handler.h"
#include "pipeline/LocalReply.h"
#include "pipeline/Policy.h"
#include "pipeline/ResponseHead.h"
#include "pipeline/ResponseWriter.h"
#include "pipeline/RouteTable.h"

#include <memory>

namespace portico::pipeline
{

class ExchangeRunner final : public ResponseChannel,
                             private RequestContext,
                             private ResponseContext,
                             private ResumeTarget
{
public:
    // table outlives the runner (the connection holds its Runtime).
    ExchangeRunner(ClientStream& client, const RouteTable& table, util::MonoMillis pauseLimit);
    ~ExchangeRunner();

    Exchange& exchange() override { return _exchange; }
    const Exchange& exchange() const { return _exchange; }

    // A request whose head the connection parsed and checked: route it and run it.
    void run();
    // The connection refuses the request itself (400, 408, 413, 431, 505, …). closeConnection:
    // the framing of whatever follows cannot be trusted.
    // A CORS preflight on a route whose policies answer them: routed as the method it asks about.
    bool routePreflight();
    // Behind a trusted proxy, the client is the address it forwarded (X-Forwarded-For).
    void takeForwardedClient();
    void refuse(int status, const char* detail, bool closeConnection);

    void onRequestBody(const char* data, std::size_t length);
    void onRequestBodyEnd();
    void onClientWritable();
    void onTick(util::MonoMillis now);
    // The exchange ends before its answer did (client gone, connection broken, shutdown).
    void abort();
    // The exchange is over: completion hooks, once. Then reset() for the next request.
    void complete(util::MonoMillis now);
    void reset();
    // Between exchanges (after reset()): the next one runs on another configuration's routes.
    void rebind(const RouteTable& table, util::MonoMillis pauseLimit);

    bool responseStarted() const { return _headPending || _headWritten; }
    bool answered() const { return _answered; }
    // A policy holds the exchange (request or response side).
    bool paused() const { return _waiting != Waiting::Nothing; }

    // ResponseChannel (for the handler)
    ResponseHead& responseHead() override { return _head; }
    // Between exchanges (after reset()): gives back what the last ones grew, for a connection
    // that has gone idle.
    void releaseIdleMemory();
    void sendHead() override;
    bool sendBody(const char* data, std::size_t length) override;
    void finish() override;
    void fail(int status, const char* detail) override;
    void failWith(int status, std::string_view detail, std::string_view extensionMembers) override;
    void failWith(LocalReply answer) override;
    void breakOff(const char* reason) override;
    bool requestComplete() const override { return _client.requestComplete(); }
    void pauseRequestBody() override { _client.holdRequestBody(true); }
    void resumeRequestBody() override { _client.holdRequestBody(false); }
    bool clientHttp11() const override;

private:
    enum class Waiting
    {
        Nothing,
        RequestHook,
        ResponseHook,
        ReleaseGate,
    };

    // RequestContext / ResponseContext (for the policies)
    PolicyLoopState* loopState() override;
    LocalReply& reply(int status, std::string_view detail) override;
    ResumeToken pause() override;
    ResponseHead& head() override { return _head; }
    bool localReply() const override { return _localAnswer; }

    // ResumeTarget
    void resume(bool replied, LocalReply answer, ExchangeEdit edit) override;
    bool insideHook() const override { return _inHook; }

    // Runs the request hooks from the first, once the body is read when a policy needs it.
    void beginRequestHooks();
    void runRequestHooks();
    void startHandler();
    void answerLocally(LocalReply answer);
    void replaceAnswer(const LocalReply& answer);
    void buildLocalHead(const LocalReply& answer);
    void continueResponseHooks();
    // After the response hooks: the table's release gate, once the body it wants is here.
    void enterReleaseGate();
    void passReleaseGate();
    void leaveReleaseGate(bool replied, const LocalReply& answer);
    void writeHead();
    bool forwardBody(const char* data, std::size_t length);
    // Body bytes to the policies that observe them, or, with data null, the end of the body.
    void notifyBodyObservers(const char* data, std::size_t length);
    // The end of the body to its observers, once: before the last bytes of a body of known
    // length are sent, else before the end of a chunked one.
    void notifyBodyEnd();
    void finishResponse();
    void dropPending();
    void cancelPending();
    void stopHandler();
    const std::vector<RoutePipeline::Stage>& stages() const;

    ClientStream& _client;
    const RouteTable* _table; // the connection's Runtime's
    util::MonoMillis _pauseLimit;
    Exchange _exchange;
    std::unique_ptr<Handler> _handler;
    bool _handlerActive = false;

    // The chain: stages [0, _entered) have had onRequest(); _nextStage is the one to run.
    std::size_t _entered = 0;
    std::size_t _nextStage = 0;
    std::size_t _hookStage = 0; // the stage whose hook runs or holds the exchange
    bool _inHook = false;
    Waiting _waiting = Waiting::Nothing;
    util::MonoMillis _pausedAt = 0;
    std::shared_ptr<PendingResume> _pending;
    bool _resumeRecorded = false; // fired while its hook was still on the stack
    bool _recordedReplied = false;
    LocalReply _recorded;
    ExchangeEdit _recordedEdit;
    LocalReply _reply; // what a request hook answered with

    // The answer.
    ResponseHead _head;
    bool _localAnswer = false;
    util::Buffer _localBody;
    std::size_t _responseHookNext = 0; // response hooks run on stages below this, downwards
    bool _headPending = false;         // sendHead() called, response hooks not through yet
    bool _headWritten = false;
    bool _answered = false; // finishResponse() done
    util::Buffer _heldBody; // body sent while the head was held by a response hook
    bool _finishHeld = false;
    bool _gateCollecting = false; // the release gate waits for more of the body (in _heldBody)
    bool _gatePassed = false;
    bool _handlerWantsWritable = false;
    ClientFraming _framing;
    std::uint64_t _bodyForwarded = 0; // body bytes handed to the client so far
    bool _bodyEndNotified = false;    // the body observers heard onResponseEnd()
    util::Buffer _frame;
    bool _completed = false;
    bool _collectingBody = false; // reading the request body before the request hooks
    bool _bodyCollected = false;  // ... done: the handler gets it from Exchange::requestBody
};

} // namespace portico::pipeline
