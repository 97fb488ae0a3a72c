#pragma once

// A parsed HTTP/1.x message head (request or response). Names and values view the bytes of
// the head block they were parsed from; the owner keeps that block alive and unchanged for as
// long as the head is used.

#include "util/Strings.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace portico::http
{

struct HeaderField
{
    std::string_view name;
    std::string_view value;
};

struct HttpHead
{
    // Request only.
    std::string_view method;
    std::string_view target; // request-target as sent: origin-form "/p?q" or absolute-form
    // Response only.
    int status = 0;
    std::string_view reason;

    unsigned versionMajor = 1;
    unsigned versionMinor = 1;
    std::vector<HeaderField> headers;
    bool keepAlive = true;
    bool chunked = false;
    bool hasContentLength = false;
    std::uint64_t contentLength = 0;
    bool upgrade = false;

    void clear()
    {
        method = target = reason = {};
        status = 0;
        versionMajor = versionMinor = 1;
        headers.clear();
        keepAlive = true;
        chunked = hasContentLength = upgrade = false;
        contentLength = 0;
    }

    // The first field with that name (case-insensitive), or an empty view with a null data().
    std::string_view find(std::string_view name) const
    {
        for (const HeaderField& field : headers)
        {
            if (util::equalsIgnoreCase(field.name, name))
            {
                return field.value;
            }
        }
        return {};
    }
    bool has(std::string_view name) const { return find(name).data() != nullptr; }
};

} // namespace portico::http
