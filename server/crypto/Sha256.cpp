#include "crypto/Sha256.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

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
    // OpenSSL 3's one-shot SHA256() looks the algorithm up in its provider tables (taking locks)
    // on every call, which costs three times the hashing itself: fetch once, keep a context per thread.
    static const std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> algorithm(
        EVP_MD_fetch(nullptr, "SHA256", nullptr), EVP_MD_free);
    thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                                       EVP_MD_CTX_free);
    if (!algorithm || !context || EVP_DigestInit_ex2(context.get(), algorithm.get(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available");
    for (const std::string_view part : parts)
        EVP_DigestUpdate(context.get(), part.data(), part.size());
    Sha256Digest digest;
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest.data(), &length);
    return digest;
}

Sha256Digest sha256(std::string_view data)
{
    return sha256({data});
}

std::string toHex(const Sha256Digest& digest)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(digest.size() * 2, '0');
    for (std::size_t i = 0; i < digest.size(); ++i)
    {
        text[2 * i] = digits[digest[i] >> 4];
        text[2 * i + 1] = digits[digest[i] & 0x0F];
    }
    return text;
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
