#pragma once

// Base64 (RFC 4648) in the two alphabets credentials use: standard (Basic authentication, PHC
// strings) and URL-safe (JWT). Decoding is strict: characters of the other alphabet, white space,
// misplaced padding and non-zero trailing bits are refused, so one value has one spelling.

#include <string>
#include <string_view>

namespace portico::crypto
{

enum class Base64Alphabet
{
    Standard, // + and /
    Url,      // - and _
};

enum class Base64Padding
{
    Required, // "=" to a multiple of 4 (Basic authentication)
    Absent,   // none (JWT, PHC strings)
};

bool decodeBase64(std::string_view text, Base64Alphabet alphabet, Base64Padding padding, std::string& out);

std::string encodeBase64(std::string_view data, Base64Alphabet alphabet, Base64Padding padding);

} // namespace portico::crypto
