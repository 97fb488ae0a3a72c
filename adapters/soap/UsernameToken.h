#pragma once

// WS-Security UsernameToken (OASIS Web Services Security, UsernameToken Profile 1.0/1.1, the 2004
// namespaces): the <wsse:Security> header with the configured credentials. PasswordText sends the
// password as is; PasswordDigest sends Base64(SHA-1(nonce + created + password)) with a fresh
// random 16-byte nonce and the creation time, so the password never travels. Immutable and
// thread-safe: each call makes its own nonce.

#include "soap/SoapConfig.h"

#include <pugixml.hpp>

#include <string>

namespace portico::soap
{

class UsernameToken
{
public:
    explicit UsernameToken(WsSecurityConfig config);

    // Appends <wsse:Security> (with mustUnderstand) to the SOAP header element, using the given
    // envelope prefix for soap:mustUnderstand. Returns false when no random nonce could be made.
    bool appendTo(pugi::xml_node header, const std::string& envelopePrefix) const;

    // The same with a fixed nonce (raw bytes) and creation time: deterministic, for tests.
    void appendTo(pugi::xml_node header, const std::string& envelopePrefix, const std::string& nonce,
                  const std::string& created) const;

    // Base64(SHA-1(nonce + created + password)), nonce as raw bytes.
    static std::string passwordDigest(const std::string& nonce, const std::string& created,
                                      const std::string& password);

    // The current UTC time as "2024-05-01T12:34:56.789Z".
    static std::string createdNow();

    // 16 random bytes from OpenSSL's CSPRNG; false if it failed.
    static bool randomNonce(std::string& nonce);

    static std::string base64(const std::string& bytes);

private:
    WsSecurityConfig _config;
};

} // namespace portico::soap
