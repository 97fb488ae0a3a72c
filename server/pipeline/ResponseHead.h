#pragma once

// The response as the pipeline sees it before anything is serialised: status, reason, header
// fields and how long the body is. Handlers fill it; response hooks read and edit it; one writer
// (ResponseWriter) turns it into bytes and adds what is the gateway's own business (body
// framing, X-Request-Id, Connection). Field names and values are views: into the handler's
// storage (an upstream's head block) or into this head's arena for values a hook sets. The owner
// (the exchange runner) reuses one ResponseHead per connection, so capacity is kept.

#include "http/HttpHead.h"
#include "util/StringArena.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace portico::pipeline
{

enum class BodyLength
{
    Known,   // contentLength bytes (on HEAD and 304: what a GET would get)
    Unknown, // streamed without a length: chunked for HTTP/1.1 clients, close-delimited for 1.0
    None,    // no body: "Content-Length: 0" where the status could have one
};

struct ResponseHead
{
    int status = 0;
    std::string_view reason; // empty: the standard phrase
    std::vector<http::HeaderField> fields;
    BodyLength bodyLength = BodyLength::None;
    std::uint64_t contentLength = 0;
    // The connection ends after this answer whatever the client asked (framing of what follows
    // cannot be trusted, or the upstream's body ends with its close).
    bool closeAfter = false;

    void clear()
    {
        status = 0;
        reason = {};
        fields.clear();
        bodyLength = BodyLength::None;
        contentLength = 0;
        closeAfter = false;
        _arena.clear();
    }
    // clear(), and the storage given back: for a connection that has gone idle.
    void releaseMemory()
    {
        clear();
        std::vector<http::HeaderField>().swap(fields);
        _arena.release();
    }

    std::string_view find(std::string_view name) const;
    // Appends a field; name and value are copied into the head's arena.
    void add(std::string_view name, std::string_view value);
    // Replaces every field of that name with one (added at the end when there was none).
    void set(std::string_view name, std::string_view value);
    // Removes every field of that name; returns how many there were.
    std::size_t remove(std::string_view name);
    // Appends a field without copying: both views must outlive the head's current use.
    void addView(std::string_view name, std::string_view value) { fields.push_back({name, value}); }
    std::string_view keep(std::string_view text) { return _arena.copy(text); }

private:
    util::StringArena _arena;
};

} // namespace portico::pipeline
