#pragma once

// Comparison of secrets (digests, MACs) whose time does not depend on where they differ.

#include <openssl/crypto.h>

#include <cstddef>
#include <string_view>

namespace portico::crypto
{

inline bool equalInConstantTime(const void* a, const void* b, std::size_t length)
{
    return CRYPTO_memcmp(a, b, length) == 0;
}

// Unequal lengths are unequal at once: lengths of digests and MACs are public.
inline bool equalInConstantTime(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && equalInConstantTime(a.data(), b.data(), a.size());
}

} // namespace portico::crypto
