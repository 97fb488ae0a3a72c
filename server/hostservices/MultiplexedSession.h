#pragma once

// One connection of a multiplexed stream pool (StreamPoolSettings::inFlightPerConnection above 1):
// many exchanges in flight on it at once, their requests written one after another and the replies
// read by the adapter's ReplyStream and handed back by key, in any order. Lives on the pool's home
// event loop (a LoopMember) and owns nothing but its reading; the exchanges are the pool's.

#include "hostservices/StreamConnection.h"
#include "net/EventLoop.h"

#include <portico/plugin/PluginAbi.h>

#include <memory>
#include <string>

namespace portico::hostservices
{

class MultiplexedPool;

class MultiplexedSession final : public net::LoopMember, private StreamConnection::User
{
public:
    MultiplexedSession(net::EventLoop& loop, std::shared_ptr<MultiplexedPool> pool,
                       StreamConnection& connection);

    // Starts connecting; false with error when that failed at once.
    bool open(std::string& error);
    // Writes (or queues, while connecting) one request.
    bool send(const std::string& request, std::string& error);
    // Requests sent or queued whose replies have not come.
    std::size_t inFlight() const { return _inFlight; }
    void countFinished() { --_inFlight; }
    void countStarted() { ++_inFlight; }
    bool usable() const { return !_ended; }
    bool connected() const { return _connection != nullptr && _connection->connected(); }
    // Ends the session: the connection closes; the pool has already failed what was in flight.
    void end();

    void onTick(util::MonoMillis now) override;
    void onDrain() override {}
    void onLoopEnd() override;

private:
    void onStreamConnected() override {}
    void onStreamReadable() override;
    void onStreamWritten() override {}
    void onStreamFailed(bool connecting, const std::string& reason) override;
    // The connection is unusable: the pool fails what was in flight on it, and the session ends.
    void broke(bool connecting, const std::string& reason);

    net::EventLoop& _loop;
    const std::shared_ptr<MultiplexedPool> _pool;
    StreamConnection* _connection;
    std::unique_ptr<plugin::ReplyStream> _replies;
    std::size_t _inFlight = 0;
    util::MonoMillis _connectDeadline = 0;
    bool _ended = false;
};

} // namespace portico::hostservices
