#pragma once

// A 64-bit hash of a text under a random key made once per process: the first 8 bytes of
// SHA-256(key || text). For tables whose slots are chosen by what clients send (rate-limit keys):
// without the key no one can aim many values at one slot, or make two values share a hash.

#include <cstdint>
#include <string_view>

namespace portico::crypto
{

std::uint64_t keyedHash64(std::string_view text);

} // namespace portico::crypto
