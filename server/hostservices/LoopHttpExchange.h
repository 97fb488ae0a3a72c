#pragma once

// One request of the LoopHttpClient: sends it on a pooled upstream connection, reads the whole
// response, and calls done once, on the loop. Owned by the loop (a LoopMember) until it retires.

#include "http/MessageParser.h"
#include "http/ResponseReader.h"
#include "net/EventLoop.h"
#include "proxy/ConnectionPool.h"
#include "proxy/UpstreamConnection.h"

#include <portico/plugin/PluginAbi.h>

#include <functional>
#include <string>

namespace portico::hostservices
{

class LoopHttpExchange final : public net::LoopMember,
                               private proxy::UpstreamConnection::User,
                               private http::BodySink
{
public:
    LoopHttpExchange(net::EventLoop& loop, proxy::ConnectionPool& pool, std::string requestBytes, bool head,
                     util::MonoMillis deadline, std::function<void(plugin::HttpResult)> done);

    void begin();
    void onTick(util::MonoMillis now) override;
    void onDrain() override {}
    void onLoopEnd() override;

private:
    void onUpstreamConnected() override {}
    void onUpstreamReadable() override;
    void onUpstreamWritable() override {}
    void onUpstreamFailed(const char* reason) override;
    void onBodyData(const char* data, std::size_t length) override;
    void onBodyComplete() override {}

    void attempt();
    void process();
    void failed(plugin::HttpResult::Outcome outcome, const char* reason);
    void finish(plugin::HttpResult::Outcome outcome, const std::string& error);

    net::EventLoop& _loop;
    proxy::ConnectionPool& _pool;
    std::string _requestBytes;
    bool _head;
    util::MonoMillis _deadline;
    std::function<void(plugin::HttpResult)> _done;
    proxy::UpstreamConnection* _connection = nullptr;
    http::ResponseReader _reader;
    plugin::HttpResult _result;
    bool _headParsed = false;
    bool _bytesSeen = false;
    bool _retried = false;
    bool _finished = false;
};

} // namespace portico::hostservices
