#pragma once

// What one read or write on a non-blocking socket or stream came to.

namespace portico::net
{

enum class IoResult
{
    Done,       // count bytes were transferred (count > 0)
    WouldBlock, // nothing now; wait for the next event
    Closed,     // orderly end of stream
    Failed      // reset, TLS error, …
};

} // namespace portico::net
