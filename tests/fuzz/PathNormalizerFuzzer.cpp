// Fuzz target for path normalisation: whatever the input, a successful result starts with '/',
// holds no "." or ".." segment, no "//", no raw byte outside the visible ASCII range, and
// normalising it again gives the same result (the router and the upstream must agree).

#include "routing/PathNormalizer.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace
{

void check(bool condition)
{
    if (!condition)
    {
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string normalized;
    if (portico::routing::normalizePath(input, normalized) != portico::routing::PathError::None)
    {
        return 0;
    }
    check(!normalized.empty() && normalized.front() == '/');
    check(normalized.find("//") == std::string::npos);
    check(normalized.find("/./") == std::string::npos && normalized.find("/../") == std::string::npos);
    check(normalized.size() < 3 || normalized.compare(normalized.size() - 3, 3, "/..") != 0);
    check(normalized.size() < 2 || normalized.compare(normalized.size() - 2, 2, "/.") != 0);
    for (char c : normalized)
    {
        check(static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f);
    }
    std::string again;
    check(portico::routing::normalizePath(normalized, again) == portico::routing::PathError::None);
    check(again == normalized);
    return 0;
}
