#include "crypto/KeyedHash.h"

#include "crypto/Sha256.h"

#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <stdexcept>

namespace portico::crypto
{

namespace
{

std::string_view processKey()
{
    static const std::array<char, 32> key = []
    {
        std::array<char, 32> bytes{};
        if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1)
            throw std::runtime_error("no random bytes for the keyed hash");
        return bytes;
    }();
    return std::string_view(key.data(), key.size());
}

} // namespace

std::uint64_t keyedHash64(std::string_view text)
{
    const Sha256Digest digest = sha256({processKey(), text});
    std::uint64_t value = 0;
    std::memcpy(&value, digest.data(), sizeof value);
    return value;
}

} // namespace portico::crypto
