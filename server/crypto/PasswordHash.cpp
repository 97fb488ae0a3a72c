#include "crypto/PasswordHash.h"

#include "crypto/ConstantTime.h"
#include <portico/codec/Base64.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace portico::crypto
{

namespace
{

constexpr std::string_view prefix = "$pbkdf2-sha256$i=";

std::string derive(std::string_view password, std::string_view salt, unsigned iterations, std::size_t length)
{
    std::string key(length, '\0');
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                          static_cast<int>(iterations), EVP_sha256(), static_cast<int>(length),
                          reinterpret_cast<unsigned char*>(key.data())) != 1)
        throw std::runtime_error("PBKDF2 failed");
    return key;
}

} // namespace

bool PasswordHash::parse(std::string_view phc, PasswordHash& out, std::string& error)
{
    error = "expected $pbkdf2-sha256$i=ITERATIONS$SALT$HASH (porticod --hash-password prints one)";
    if (phc.substr(0, prefix.size()) != prefix) return false;
    phc.remove_prefix(prefix.size());
    const std::size_t dollar = phc.find('$');
    if (dollar == std::string_view::npos || dollar == 0 || dollar > 9) return false;
    unsigned iterations = 0;
    for (const char c : phc.substr(0, dollar))
    {
        if (c < '0' || c > '9') return false;
        iterations = iterations * 10 + static_cast<unsigned>(c - '0');
    }
    phc.remove_prefix(dollar + 1);
    const std::size_t second = phc.find('$');
    if (second == std::string_view::npos) return false;
    PasswordHash parsed;
    parsed.iterations = iterations;
    if (!codec::decodeBase64(phc.substr(0, second), codec::Base64Alphabet::Standard,
                             codec::Base64Padding::Absent, parsed.salt) ||
        !codec::decodeBase64(phc.substr(second + 1), codec::Base64Alphabet::Standard,
                             codec::Base64Padding::Absent, parsed.hash))
    {
        error = "the salt and hash must be standard base64 without padding";
        return false;
    }
    if (parsed.salt.size() < 8 || parsed.hash.size() < 16 || parsed.hash.size() > 64)
    {
        error = "the salt must have at least 8 bytes and the hash 16 to 64";
        return false;
    }
    if (iterations < minimumIterations)
    {
        error = "at least " + std::to_string(minimumIterations) + " iterations are required (this has " +
                std::to_string(iterations) + ")";
        return false;
    }
    error.clear();
    out = std::move(parsed);
    return true;
}

PasswordHash PasswordHash::create(std::string_view password, unsigned iterations)
{
    PasswordHash made;
    made.iterations = iterations;
    made.salt.resize(16);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(made.salt.data()), static_cast<int>(made.salt.size())) !=
        1)
        throw std::runtime_error("no random bytes for a salt");
    made.hash = derive(password, made.salt, iterations, 32);
    return made;
}

std::string PasswordHash::phc() const
{
    return std::string(prefix) + std::to_string(iterations) + "$" +
           codec::encodeBase64(salt, codec::Base64Alphabet::Standard, codec::Base64Padding::Absent) + "$" +
           codec::encodeBase64(hash, codec::Base64Alphabet::Standard, codec::Base64Padding::Absent);
}

bool PasswordHash::verify(std::string_view password) const
{
    if (hash.empty()) return false;
    return equalInConstantTime(derive(password, salt, iterations, hash.size()), hash);
}

} // namespace portico::crypto
