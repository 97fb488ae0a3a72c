#pragma once

// The socket calls whose form differs between systems (flags, error reporting, closing), one
// implementation per system: net/posix/SocketCalls.cpp and net/windows/SocketCalls.cpp. A socket
// is an int everywhere, as in OpenSSL's SSL_set_fd: Windows socket handles are small kernel
// handle values that fit.

#include "net/IoResult.h"
#include "net/SocketHeaders.h"

#include <cstddef>
#include <string>

namespace portico::net
{

// A non-blocking stream socket of the family, not inherited by child processes; -1 on failure
// (lastSocketError() tells why).
int openStreamSocket(int family);

// A non-blocking connection accepted on a listening socket, its peer's address in peer; -1 when
// none is waiting or the call failed.
int acceptConnection(int listenFd, sockaddr_storage& peer);

// Lets a restarted gateway bind its port while old connections linger in TIME_WAIT, and no other
// process bind it meanwhile (SO_REUSEADDR on POSIX; SO_EXCLUSIVEADDRUSE on Windows, whose
// SO_REUSEADDR would let another process take the port).
void prepareListeningSocket(int fd);

void closeSocket(int fd);

// Sends a FIN: the peer reads the end of the stream while reading the rest stays possible.
void shutdownSending(int fd);

// One receive or send, retried when interrupted; never raises SIGPIPE.
IoResult receiveSome(int fd, char* into, std::size_t capacity, std::size_t& count);
IoResult sendSome(int fd, const char* from, std::size_t length, std::size_t& count);

// True when a read would block now: nothing pending, neither bytes nor the peer's close.
bool nothingToRead(int fd);

// The error of the last failed socket call on this thread, and its text.
int lastSocketError();
std::string socketErrorText(int error);
// True for the error of a non-blocking connect that is still under way.
bool isConnectInProgress(int error);

} // namespace portico::net
