#pragma once

// Passwords for Basic authentication, kept only as PBKDF2-HMAC-SHA256 in the PHC string format:
//   $pbkdf2-sha256$i=ITERATIONS$SALT$HASH
// SALT and HASH in standard base64 without padding. Verifying costs as much as hashing (that is
// the point), so it never runs on an event loop: see authentication/PasswordVerifier.

#include <string>
#include <string_view>

namespace portico::crypto
{

struct PasswordHash
{
    unsigned iterations = 0;
    std::string salt; // raw bytes
    std::string hash; // raw bytes, the derived key

    // At least this many iterations are required of every stored password.
    static constexpr unsigned minimumIterations = 100000;
    // What new hashes use (OWASP's figure for PBKDF2-HMAC-SHA256).
    static constexpr unsigned defaultIterations = 600000;

    // Parses a PHC string; on failure says why in error.
    static bool parse(std::string_view phc, PasswordHash& out, std::string& error);

    // A new hash of password with a random 16-byte salt.
    static PasswordHash create(std::string_view password, unsigned iterations = defaultIterations);

    std::string phc() const;

    // Derives the key from password and compares it in constant time.
    bool verify(std::string_view password) const;
};

} // namespace portico::crypto
