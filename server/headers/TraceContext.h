#pragma once

// W3C Trace Context (https://www.w3.org/TR/trace-context/): the traceparent a client sends is
// taken apart, and the one an upstream receives is written, with the gateway as one hop of the
// trace. It runs for every request, so nothing here allocates or locks: the ids are fixed-size
// arrays of hex digits inside the struct, and new ids come from a per-thread generator.
//
// Only traceparent is handled here; tracestate is left to the caller.

#include <cstdint>
#include <string_view>

namespace portico::headers
{

// One request's place in a distributed trace.
struct TraceContext
{
    char traceId[32];  // lower-case hex
    char parentId[16]; // the caller's span (all '0' when the gateway started the trace)
    char spanId[16];   // the gateway's own span: what upstreams receive as their parent
    std::uint8_t flags = 0;
    bool valid = false; // false until accept() or start() filled it

    // Takes the client's traceparent (version 00 per the spec; a higher version is parsed by its first
    // four fields as the spec says); false (and nothing changed) when it is malformed: wrong length,
    // upper-case or non-hex digits, all-zero trace id or parent id, version "ff".
    //
    // The value is the field value as the parser gives it, surrounding whitespace already removed.
    // On success the gateway's span id is drawn as well, so a valid context can always be
    // formatted; flags are kept as sent for version 00, and only the sampled bit is kept from a
    // higher version (what its other bits mean is that version's business, not 00's).
    bool accept(std::string_view traceparent);
    // A new trace: random trace id and span id (never all zero).
    void start();
    // A fresh span id for this hop (after accept()).
    void newSpan();
    std::string_view traceIdView() const { return {traceId, 32}; }
    // True when no valid traceparent came with the request (start() made the trace): the
    // client's tracestate then belongs to no trace of ours and is not passed on.
    bool startedHere() const;
    // "00-<traceId>-<spanId>-<flags>" into out (55 bytes), what an upstream receives.
    void formatForUpstream(char (&out)[55]) const;
};

} // namespace portico::headers
