#pragma once

// SHA-256 for credentials: API keys are kept and looked up only as their digest, never as text.

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

namespace portico::crypto
{

using Sha256Digest = std::array<unsigned char, 32>;

// Thread-safe; on the request path it takes no lock and allocates nothing (the algorithm is looked
// up once per process, the digest context once per thread).
Sha256Digest sha256(std::string_view data);
// The digest of the parts one after another, as if concatenated (without building the concatenation).
Sha256Digest sha256(std::initializer_list<std::string_view> parts);

// 64 lower-case hex digits.
std::string toHex(const Sha256Digest& digest);

// 64 hex digits, either case; false for anything else.
bool parseHexDigest(std::string_view text, Sha256Digest& digest);

} // namespace portico::crypto
