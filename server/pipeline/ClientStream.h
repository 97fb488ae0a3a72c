#pragma once

// What the exchange runner needs of the client connection it runs on: a place to write the
// answer, back-pressure, and the request's framing state. Implemented by the HTTP/1 connection;
// every call comes from the connection's event loop.

#include "util/Buffer.h"

#include <cstddef>

namespace portico::net
{
class EventLoop;
}

namespace portico::pipeline
{

class ClientStream
{
public:
    virtual net::EventLoop& loop() = 0;
    // Bytes for the client are appended here; send() or finishResponse() flushes them.
    virtual util::Buffer& output() = 0;
    // Appends (or writes straight through) and flushes; false when the output is backed up.
    virtual bool send(const char* data, std::size_t length) = 0;
    // The answer is complete; keepAlive false closes the connection after it.
    virtual void finishResponse(bool keepAlive) = 0;
    // The answer broke off mid-way: close the connection.
    virtual void breakOff(const char* reason) = 0;
    virtual bool requestComplete() const = 0;
    virtual bool draining() const = 0;
    // While held, no request body bytes are read from the client (a paused exchange).
    virtual void holdRequestBody(bool hold) = 0;
    // "100 Continue" for a client that waits for it before sending its body.
    virtual void sendContinue() = 0;

protected:
    ~ClientStream() = default;
};

} // namespace portico::pipeline
