#include "headers/TraceContext.h"

#include <openssl/rand.h>

#include <array>
#include <cassert>
#include <cstddef>
#include <cstring>
#include <random>

namespace portico::headers
{

namespace
{

// The traceparent layout: "vv-", the trace id, a dash, the parent id, a dash, the flags.
constexpr std::size_t traceIdAt = 3;
constexpr std::size_t parentIdAt = traceIdAt + 32 + 1;
constexpr std::size_t flagsAt = parentIdAt + 16 + 1;
constexpr std::size_t version00Length = flagsAt + 2; // 55

constexpr char hexDigits[] = "0123456789abcdef";

// Each byte's value as a lower-case hex digit, -1 for anything else. The spec's HEXDIGLC has no
// upper case, so 'A' is refused like 'g'.
constexpr std::array<std::int8_t, 256> hexValues = []
{
    std::array<std::int8_t, 256> values{};
    for (int c = 0; c < 256; ++c)
    {
        values[c] = -1;
    }
    for (int digit = 0; digit < 16; ++digit)
    {
        values[static_cast<unsigned char>(hexDigits[digit])] = static_cast<std::int8_t>(digit);
    }
    return values;
}();

int hexValue(char c)
{
    return hexValues[static_cast<unsigned char>(c)];
}

// Two hex digits as a byte, -1 when either is not a lower-case hex digit.
int hexByte(char high, char low)
{
    const int h = hexValue(high);
    const int l = hexValue(low);
    return (h < 0 || l < 0) ? -1 : h * 16 + l;
}

// True when the field is all lower-case hex and not all zero (the spec forbids an all-zero id).
bool validId(const char* digits, std::size_t length)
{
    bool nonZero = false;
    for (std::size_t i = 0; i < length; ++i)
    {
        if (hexValue(digits[i]) < 0)
        {
            return false;
        }
        nonZero |= digits[i] != '0';
    }
    return nonZero;
}

void writeHex(std::uint64_t bits, char* out)
{
    for (int i = 15; i >= 0; --i)
    {
        out[i] = hexDigits[bits & 15];
        bits >>= 4;
    }
}

// xoshiro256** (Blackman and Vigna): a few shifts and multiplies per 64 bits. One per thread, so
// drawing an id takes no lock, makes no system call and allocates nothing, which a per-request
// path needs; RAND_bytes per id would take OpenSSL's generator lock on every request. The state is
// seeded once per thread from OpenSSL's CSPRNG, so threads and processes do not share sequences,
// and 256 bits of state keep 128-bit trace ids from repeating within any realistic run.
// Not unpredictable: an observer of enough outputs could compute the following ones. Trace ids are
// identifiers, not secrets, and nothing may rely on them being unguessable. The daemon does not
// fork; a process that forked after drawing ids would have to reseed in the child.
class Xoshiro256
{
public:
    Xoshiro256()
    {
        if (RAND_bytes(reinterpret_cast<unsigned char*>(_state), sizeof _state) != 1)
        {
            // OpenSSL without entropy is not expected; the kernel's source is the fallback.
            std::random_device device;
            for (std::uint64_t& word : _state)
            {
                word = (static_cast<std::uint64_t>(device()) << 32) ^ device();
            }
        }
        if ((_state[0] | _state[1] | _state[2] | _state[3]) == 0)
        {
            _state[0] = 0x9E3779B97F4A7C15ull; // all zero is the one state xoshiro never leaves
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotate(_state[1] * 5, 7) * 9;
        const std::uint64_t shifted = _state[1] << 17;
        _state[2] ^= _state[0];
        _state[3] ^= _state[1];
        _state[1] ^= _state[2];
        _state[0] ^= _state[3];
        _state[2] ^= shifted;
        _state[3] = rotate(_state[3], 45);
        return result;
    }

private:
    static std::uint64_t rotate(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t _state[4];
};

Xoshiro256& generator()
{
    thread_local Xoshiro256 instance;
    return instance;
}

// A random 64-bit value other than zero: an all-zero id is invalid on the wire.
std::uint64_t nonZeroRandom()
{
    std::uint64_t bits;
    do
    {
        bits = generator().next();
    } while (bits == 0);
    return bits;
}

} // namespace

bool TraceContext::accept(std::string_view value)
{
    // Every version the spec knows or anticipates is at least as long as 00; a shorter value, or
    // one whose version is not two lower-case hex digits and a dash, restarts the trace.
    if (value.size() < version00Length)
    {
        return false;
    }
    const int version = hexByte(value[0], value[1]);
    if (version < 0 || version == 0xff || value[2] != '-')
    {
        return false;
    }
    // Version 00 is exactly its four fields. A higher version may add fields after the flags,
    // separated by a dash, and the spec says to read its first four fields and ignore the rest.
    if (version == 0 ? value.size() != version00Length
                     : value.size() > version00Length && value[version00Length] != '-')
    {
        return false;
    }
    if (value[parentIdAt - 1] != '-' || value[flagsAt - 1] != '-')
    {
        return false;
    }
    const char* const trace = value.data() + traceIdAt;
    const char* const parent = value.data() + parentIdAt;
    const int sentFlags = hexByte(value[flagsAt], value[flagsAt + 1]);
    if (!validId(trace, 32) || !validId(parent, 16) || sentFlags < 0)
    {
        return false;
    }

    // All checked: only now is the context changed, so a refused value leaves it as it was.
    std::memcpy(traceId, trace, 32);
    std::memcpy(parentId, parent, 16);
    // From a higher version only the sampled bit is read, as the spec says; its other bits may mean
    // something else there than in the 00 this gateway writes.
    flags = static_cast<std::uint8_t>(version == 0 ? sentFlags : sentFlags & 0x01);
    newSpan();
    valid = true;
    return true;
}

void TraceContext::start()
{
    // Both halves drawn non-zero, so the trace id can never be all zero either.
    writeHex(nonZeroRandom(), traceId);
    writeHex(nonZeroRandom(), traceId + 16);
    std::memset(parentId, '0', sizeof parentId);
    newSpan();
    // Not sampled: the spec's default for a component that starts a trace without deciding.
    flags = 0;
    valid = true;
}

void TraceContext::newSpan()
{
    writeHex(nonZeroRandom(), spanId);
}

void TraceContext::formatForUpstream(char (&out)[55]) const
{
    assert(valid && "formatForUpstream() before accept() or start()");
    // Always version 00, the highest this gateway knows: the spec has a participant rewrite a
    // higher version's fields in its own.
    out[0] = '0';
    out[1] = '0';
    out[2] = '-';
    std::memcpy(out + traceIdAt, traceId, 32);
    out[parentIdAt - 1] = '-';
    std::memcpy(out + parentIdAt, spanId, 16);
    out[flagsAt - 1] = '-';
    out[flagsAt] = hexDigits[flags >> 4];
    out[flagsAt + 1] = hexDigits[flags & 15];
}

bool TraceContext::startedHere() const
{
    for (const char digit : parentId)
        if (digit != '0') return false;
    return true;
}

} // namespace portico::headers
