#include "util/RequestId.h"

#include <cstdint>
#include <random>

namespace portico::util
{

namespace
{

struct SplitMix64
{
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

SplitMix64& generator()
{
    thread_local SplitMix64 instance{[]
                                     {
                                         std::random_device device;
                                         return (static_cast<std::uint64_t>(device()) << 32) ^ device();
                                     }()};
    return instance;
}

} // namespace

void newRequestId(std::string& out)
{
    static const char hex[] = "0123456789abcdef";
    out.resize(32);
    for (int half = 0; half < 2; ++half)
    {
        std::uint64_t bits = generator().next();
        for (int i = 0; i < 16; ++i)
        {
            out[half * 16 + i] = hex[bits & 15];
            bits >>= 4;
        }
    }
}

} // namespace portico::util
