#pragma once

// SHA-256 for credentials: API keys are kept and looked up only as their digest, never as text.

#include <array>
#include <string>
#include <string_view>

namespace portico::crypto
{

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest sha256(std::string_view data);

// 64 lower-case hex digits.
std::string toHex(const Sha256Digest& digest);

// 64 hex digits, either case; false for anything else.
bool parseHexDigest(std::string_view text, Sha256Digest& digest);

} // namespace portico::crypto
