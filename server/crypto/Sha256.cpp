#include "crypto/Sha256.h"

// SHA256_Init and its siblings are deprecated in OpenSSL 3 in favour of EVP, but EVP_DigestInit
// allocates a provider context on every call (even reusing a context and its algorithm), and
// hashing one short text costs a fifth more through it. These run the same assembly, with no
// allocation and no lookup: what a hash per request (API keys, the audit chain) wants.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace portico::crypto
{

namespace
{

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

Sha256Digest sha256(std::initializer_list<std::string_view> parts)
{
    SHA256_CTX context;
    SHA256_Init(&context);
    for (const std::string_view part : parts)
        SHA256_Update(&context, part.data(), part.size());
    Sha256Digest digest;
    SHA256_Final(digest.data(), &context);
    return digest;
}

Sha256Digest sha256(std::string_view data)
{
    return sha256({data});
}

std::string toHex(const Sha256Digest& digest)
{
    std::string text;
    toHex(digest, text);
    return text;
}

void toHex(const Sha256Digest& digest, std::string& out)
{
    static constexpr char digits[] = "0123456789abcdef";
    out.resize(digest.size() * 2);
    for (std::size_t i = 0; i < digest.size(); ++i)
    {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 0x0F];
    }
}

bool parseHexDigest(std::string_view text, Sha256Digest& digest)
{
    if (text.size() != digest.size() * 2) return false;
    for (std::size_t i = 0; i < digest.size(); ++i)
    {
        const int high = hexValue(text[2 * i]);
        const int low = hexValue(text[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        digest[i] = static_cast<unsigned char>(high << 4 | low);
    }
    return true;
}

} // namespace portico::crypto
