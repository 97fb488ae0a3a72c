#pragma once

// One request and reply of a StreamPool, on one event loop: waits for a connection (or a slot to
// open one), sends the request, feeds the reply to the adapter's ReplyReader, and calls done once.
// Owned by the loop (a LoopMember) until it retires; its deadline is checked on the loop's ticks.
//
// Retries follow StreamPool's rule: once, on a fresh connection, only when no byte of the request
// has left: a connect that failed (not one that timed out), or a first write that failed.

#include "hostservices/StreamConnection.h"
#include "net/EventLoop.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <string>

namespace portico::hostservices
{

class StreamPoolCore;

class StreamExchange final : public net::LoopMember, private StreamConnection::User
{
public:
    StreamExchange(net::EventLoop& loop, std::shared_ptr<StreamPoolCore> core, std::string request,
                   std::unique_ptr<plugin::ReplyReader> reader, util::MonoMillis deadline,
                   plugin::StreamPool::Done done);

    void begin();

    // From the pool: an idle connection that is still open, or a slot to open a new one in.
    void useConnection(StreamConnection& connection);
    void useNewSlot();

    void onTick(util::MonoMillis now) override;
    void onDrain() override {}
    void onLoopEnd() override;

private:
    enum class Stage
    {
        Waiting,    // for a connection
        Connecting, // a new one
        Sending,
        Receiving,
        Finished
    };

    void onStreamConnected() override;
    void onStreamReadable() override;
    void onStreamWritten() override;
    void onStreamFailed(bool connecting, const std::string& reason) override;

    void connect();
    void send();
    void connectFailed(const std::string& reason, bool timedOut);
    // Ends with this outcome; the connection is closed unless the exchange ended cleanly.
    void finish(plugin::StreamResult::Outcome outcome, std::string error);
    void dropConnection();

    net::EventLoop& _loop;
    const std::shared_ptr<StreamPoolCore> _core;
    const std::string _request;
    std::unique_ptr<plugin::ReplyReader> _reader;
    const util::MonoMillis _deadline;
    std::chrono::seconds _retryAfter{0}; // when the peer's circuit breaker refused the exchange
    util::MonoMillis _connectDeadline = 0;
    plugin::StreamPool::Done _done;
    StreamConnection* _connection = nullptr;
    Stage _stage = Stage::Waiting;
    bool _retried = false;
};

} // namespace portico::hostservices
