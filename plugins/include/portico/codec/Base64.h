#pragma once

// Base64 (RFC 4648) in the two alphabets in use: standard (Basic authentication, PHC strings,
// XML Schema's base64Binary, MIME parts) and URL-safe (JWT); linked by the gateway and by the
// adapters. Decoding is strict: characters of the other alphabet, white space, misplaced padding
// and non-zero trailing bits are refused, so one value has one spelling (text that may hold white
// space, such as XML or MIME, drops it first).

#include <string>
#include <string_view>

namespace portico::codec
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

} // namespace portico::codec
