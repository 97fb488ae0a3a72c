#pragma once

// A JSON document in one canonical text, so two requests that mean the same (members in another
// order, other whitespace, other escapes of the same characters) make one cache key: members
// sorted by name, no whitespace, strings escaped one way, numbers as their parsed value prints.

#include <string>
#include <string_view>

namespace portico::cache
{

// False when text is not JSON, or holds an integer beyond 64 bits (which the parser would read
// wrapped, so two bodies of other meanings would share a key): such a body is not cached.
bool canonicalJson(std::string_view text, std::string& out);

} // namespace portico::cache
