#pragma once

// What a TLS client's certificate says about it, read once per connection after the handshake:
// only a certificate the listener verified (against its clientCa) counts; its names are the
// subject's Common Name and the DNS, e-mail and URI subject alternative names.

#include <openssl/ssl.h>

#include <string>
#include <vector>

namespace portico::net
{

struct PeerCertificate
{
    bool verified = false; // presented and verified against the listener's clientCa
    std::string commonName;
    std::vector<std::string> alternativeNames; // DNS, e-mail and URI names, as written

    // Reads the peer certificate of a completed handshake (an empty, unverified one when there is none).
    static PeerCertificate read(SSL* ssl);
};

} // namespace portico::net
