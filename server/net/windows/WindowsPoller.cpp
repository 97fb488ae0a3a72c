#include "net/Poller.h"

#include <stdexcept>

namespace portico::net
{

// The place of the Windows poller. The loops expect edge-triggered readiness (a connection reads
// or writes until it would block, then waits for news), which WSAPoll, being level-triggered,
// cannot give without each WouldBlock re-arming its socket, TLS sockets read by OpenSSL included;
// IOCP needs the same with overlapped reads. Until one is written, the gateway refuses to start
// on Windows with this reason instead of spinning on sockets that are always writable.
std::unique_ptr<Poller> Poller::create()
{
    throw std::runtime_error("this build has no event poller for Windows yet (see net/Poller.h)");
}

} // namespace portico::net
