#pragma once

// TLS contexts built with NetSSL_OpenSSL's Context (certificate, key and CA loading, TLS 1.2
// as the minimum). The event loops then drive OpenSSL non-blocking on their own sockets with the
// SSL_CTX that Context holds; a Context is read-only after construction and shared by all loops.

#include "config/Config.h"

#include <Poco/Net/Context.h>

#include <memory>
#include <string>

namespace portico::net
{

class TlsContextFactory
{
public:
    // Throws std::runtime_error with a readable message when a file cannot be used.
    static Poco::Net::Context::Ptr serverContext(const config::ListenerConfig& listener);
    static Poco::Net::Context::Ptr clientContext(bool verify, const std::string& caFile);
    // clientContext(true, ""), made once: each context loads the system CA store, and adapters'
    // back ends (every loop, every origin, the blocking client) can all share one.
    static Poco::Net::Context::Ptr verifyingClientContext();
};

// A new SSL object for an accepted (server) or outgoing (client) connection on fd. For a
// client, serverName is sent as SNI and checked against the certificate when verifying.
SSL* newServerSsl(Poco::Net::Context& context, int fd);
SSL* newClientSsl(Poco::Net::Context& context, int fd, const std::string& serverName, bool verify);

} // namespace portico::net
