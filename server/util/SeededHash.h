#pragma once

// A fast 64-bit hash of a text, seeded with random bytes once per process (FNV-1a over the text,
// then the SplitMix64 finalizer so that every output bit depends on every input bit). For tables
// whose slots are chosen by what clients send: which values share a slot differs from one process
// to the next. Not a cryptographic hash: where a collision would let one client act as another,
// compare the whole value too.

#include <cstdint>
#include <string_view>

namespace portico::util
{

std::uint64_t seededHash64(std::string_view text);

} // namespace portico::util
