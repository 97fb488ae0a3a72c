#pragma once

// A byte stream over a non-blocking socket: plain TCP, or TLS through OpenSSL on the same fd.
// Owned by the connection that uses it; used only from that connection's event loop.

#include "net/IoResult.h"
#include "net/PeerCertificate.h"

#include <cstddef>
#include <memory>
#include <openssl/ssl.h>
#include <optional>
#include <string>

namespace portico::net
{

class Transport
{
public:
    virtual ~Transport() = default;
    virtual IoResult read(char* into, std::size_t capacity, std::size_t& count) = 0;
    virtual IoResult write(const char* from, std::size_t length, std::size_t& count) = 0;
    virtual bool secure() const = 0;
    // Last error text for logs, empty if none.
    virtual std::string lastError() const { return {}; }
    // The client's certificate on a TLS connection whose handshake is done; null otherwise.
    virtual const PeerCertificate* peerCertificate() { return nullptr; }
};

class PlainTransport final : public Transport
{
public:
    explicit PlainTransport(int fd) : _fd(fd) {}
    IoResult read(char* into, std::size_t capacity, std::size_t& count) override;
    IoResult write(const char* from, std::size_t length, std::size_t& count) override;
    bool secure() const override { return false; }
    std::string lastError() const override { return _error; }

private:
    int _fd;
    std::string _error; // the system's words for the last failure
};

class TlsTransport final : public Transport
{
public:
    // Takes ownership of ssl (already bound to fd and set to accept or connect state).
    explicit TlsTransport(SSL* ssl) : _ssl(ssl) {}
    ~TlsTransport() override;
    IoResult read(char* into, std::size_t capacity, std::size_t& count) override;
    IoResult write(const char* from, std::size_t length, std::size_t& count) override;
    bool secure() const override { return true; }
    std::string lastError() const override { return _error; }
    const PeerCertificate* peerCertificate() override;

private:
    IoResult translate(int result);

    SSL* _ssl;
    std::string _error;
    std::optional<PeerCertificate> _peer; // read once, on the first request after the handshake
};

} // namespace portico::net
