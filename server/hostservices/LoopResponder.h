#pragma once

// The Responder handed to a plugin: thread-safe, answers once, and carries the answer to the
// event loop that owns the client connection. If the plugin drops it without answering, the
// client gets a 502 instead of waiting forever.

#include "adapter/AdapterHandler.h"

#include <atomic>

namespace portico::hostservices
{

class LoopResponder final : public plugin::Responder
{
public:
    LoopResponder(net::EventLoop& loop, std::shared_ptr<adapter::AdapterHandler::Ticket> ticket);
    ~LoopResponder() override;

    void respond(plugin::Response response) override;
    void fail(int status, std::string detail, std::string extensionsJson) override;
    void unavailable(std::string detail, std::chrono::seconds retryAfter) override;

private:
    net::EventLoop& _loop;
    std::shared_ptr<adapter::AdapterHandler::Ticket> _ticket;
    std::atomic<bool> _answered{false};
};

} // namespace portico::hostservices
