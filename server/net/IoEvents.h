#pragma once

// What a poller reports about a socket, as the bits of IoHandler::onIo(). On Linux they are
// epoll's own, so the epoll poller hands them on untranslated; a poller for another system maps
// its readiness to these.

#include <cstdint>

#if defined(__linux__)
#include <sys/epoll.h>
#endif

namespace portico::net::io
{

#if defined(__linux__)
inline constexpr std::uint32_t readable = EPOLLIN;
inline constexpr std::uint32_t writable = EPOLLOUT;
inline constexpr std::uint32_t peerClosed = EPOLLRDHUP; // the peer sent its FIN (half-close)
inline constexpr std::uint32_t hangUp = EPOLLHUP;       // both directions are closed
inline constexpr std::uint32_t error = EPOLLERR;
#else
inline constexpr std::uint32_t readable = 0x001;
inline constexpr std::uint32_t writable = 0x004;
inline constexpr std::uint32_t peerClosed = 0x2000;
inline constexpr std::uint32_t hangUp = 0x010;
inline constexpr std::uint32_t error = 0x008;
#endif

} // namespace portico::net::io
