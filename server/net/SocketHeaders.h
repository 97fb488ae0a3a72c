#pragma once

// The system headers that declare the socket API both systems share (sockaddr_storage,
// getaddrinfo, inet_pton, getsockopt …): Winsock on Windows, the BSD headers elsewhere. Calls whose
// form differs between them are in net/SocketCalls.h.

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif
