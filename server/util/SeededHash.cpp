#include "util/SeededHash.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace portico::util
{

namespace
{

std::uint64_t processSeed()
{
    static const std::uint64_t seed = []
    {
        std::uint64_t value = 0;
        if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value) != 1)
            throw std::runtime_error("no random bytes to seed the hash");
        return value;
    }();
    return seed;
}

} // namespace

std::uint64_t seededHash64(std::string_view text)
{
    static const std::uint64_t seed = processSeed();
    std::uint64_t hash = 0xcbf29ce484222325ull ^ seed;
    for (unsigned char c : text)
    {
        hash ^= c;
        hash *= 0x100000001b3ull;
    }
    hash ^= text.size();
    hash ^= hash >> 30;
    hash *= 0xbf58476d1ce4e5b9ull;
    hash ^= hash >> 27;
    hash *= 0x94d049bb133111ebull;
    hash ^= hash >> 31;
    return hash;
}

} // namespace portico::util
