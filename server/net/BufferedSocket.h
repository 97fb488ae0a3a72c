#pragma once

// The byte-moving half of a non-blocking client connection, shared by the proxy's upstream
// connections (which also carry the adapters' HTTP calls) and the stream pools' connections to
// legacy peers: what cannot be written now is queued and written as the socket allows; reads land
// in an input buffer, and a short read on a plain socket tells that the socket is drained (which
// saves the read that would only say EAGAIN). Used on one event loop; not thread-safe.

#include "net/ReadWindow.h"
#include "net/Transport.h"
#include "util/Buffer.h"

#include <cstddef>
#include <string>

namespace portico::net
{

class BufferedSocket
{
public:
    // A new socket (or none): buffers, counters and flags start afresh. transport is not owned and
    // must outlive its use here.
    void attach(Transport* transport);

    // Queues data behind what is pending and, once connected, writes what it can now. False when
    // the socket failed (error() says why).
    bool send(const char* data, std::size_t length, bool connected);
    // Writes what is queued; false when the socket failed.
    bool flush();
    bool hasPendingOutput() const { return !_out.empty(); }
    // Bytes written to the socket since attach() or countSentFromHere().
    std::size_t sentBytes() const { return _sent; }
    void countSentFromHere() { _sent = 0; }

    // Reads what is available into input(): Done (something read), WouldBlock, Closed or Failed.
    IoResult receive();
    util::Buffer& input() { return _in; }
    bool hasUnreadInput() const { return !_in.empty(); }
    // After receive() said Done: whether the socket may hold more.
    bool mayHaveMore() const { return _mayHaveMore; }

    // The peer's FIN was reported (io::peerClosed): a short read no longer means drained.
    void notePeerClosed() { _peerClosed = true; }
    bool peerClosed() const { return _peerClosed; }

    const std::string& error() const { return _error; }

private:
    void recordFailure();

    Transport* _transport = nullptr;
    util::Buffer _in;
    util::Buffer _out;
    ReadWindow _window;
    std::size_t _sent = 0;
    bool _mayHaveMore = true;
    bool _peerClosed = false;
    std::string _error;
};

} // namespace portico::net
