#pragma once

// The few socket calls the event loops need, on raw descriptors: the data path keeps one fd per
// connection and no reference-counted socket objects. Built on the socket API both systems share
// and on net/SocketCalls.h for the calls that differ.

#include "net/SocketHeaders.h"

#include <cstdint>
#include <string>

namespace portico::net
{

struct Endpoint
{
    sockaddr_storage address{};
    socklen_t length = 0;
};

// Resolves host:port (numeric or by name, first result). Returns false with error set.
bool resolveEndpoint(const std::string& host, std::uint16_t port, Endpoint& out, std::string& error);

// A non-blocking listening socket that a restarted gateway can bind at once. Returns -1 with
// error set.
int listenOn(const Endpoint& endpoint, int backlog, std::string& error);

// Starts a non-blocking connect. Returns the fd (connect may still be in progress) or -1.
int connectNonBlocking(const Endpoint& endpoint, std::string& error);

// The pending error of a socket after a non-blocking connect (0 when connected).
int pendingSocketError(int fd);

enum class ConnectProgress
{
    Pending, // no answer yet
    Connected,
    Failed // error holds the socket's error (0 when only the poller's bits said so)
};

// What the poller's io:: bits for a socket whose non-blocking connect is under way say about it.
ConnectProgress connectProgress(int fd, std::uint32_t events, int& error);

void setNoDelay(int fd);

// "1.2.3.4" or "::1": an address as text, empty for other families.
std::string addressText(const sockaddr_storage& address);

// The address of the peer of fd, as text.
std::string peerAddress(int fd);

std::uint16_t localPort(int fd);

} // namespace portico::net
