#pragma once

// SHA-256 for credentials: API keys are kept and looked up only as their digest, never as text.

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

namespace portico::crypto
{

using Sha256Digest = std::array<unsigned char, 32>;

// Thread-safe; takes no lock and allocates nothing (OpenSSL's SHA-256 on a context on the stack).
Sha256Digest sha256(std::string_view data);
// The digest of the parts one after another, as if concatenated (without building the concatenation).
Sha256Digest sha256(std::initializer_list<std::string_view> parts);

// 64 lower-case hex digits.
std::string toHex(const Sha256Digest& digest);
// The same digits into out (replacing its text; its buffer kept when large enough).
void toHex(const Sha256Digest& digest, std::string& out);

// 64 hex digits, either case; false for anything else.
bool parseHexDigest(std::string_view text, Sha256Digest& digest);

} // namespace portico::crypto
