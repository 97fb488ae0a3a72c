#pragma once

// Percent-decoding and dot-segment removal, done once per request before routing so that the
// router, the access log and the upstream all see the same path (no "%2e%2e" or "/a/../admin"
// reaching a route it should not).
//
// All functions here are pure, allocation-light and safe from any thread.

#include <string>
#include <string_view>

namespace portico::routing
{

enum class PathError
{
    None,
    Empty,              // no path, or not starting with '/'
    BadPercentEncoding, // '%' not followed by two hex digits
    ForbiddenByte,      // control bytes, %00, raw non-ASCII, space, backslash, '#', '?', or a
                        // "..;" / ".;" segment (Tomcat-style path parameter on a dot segment)
};

// Takes the path part of a request target (no query) and writes its canonical form to out:
// - %XX of an unreserved character (ALPHA DIGIT - . _ ~) is decoded; every other %XX is kept,
//   with upper-case hex; so "%2F" stays "%2F" and is never a segment separator;
// - a raw printable character that may not appear in a URI path (" < > [ ] ^ ` { | }) is
//   percent-encoded, so raw and encoded spellings of it compare equal;
// - repeated '/' are merged into one;
// - "." and ".." segments (also when written %2e / %2E) are removed as RFC 3986 5.2.4 says;
//   ".." above the root stays at the root;
// - a trailing '/' is kept.
// Returns PathError::None on success; out is then never empty and starts with '/'. On error the
// content of out is unspecified. Normalising a canonical path returns it unchanged.
PathError normalizePath(std::string_view rawPath, std::string& out);

// Appends the canonical form of one path segment (the byte rules of normalizePath, no dot-segment
// handling) to out. A '/' in raw is PathError::ForbiddenByte. Used to canonicalise the literal
// segments of route templates so they compare equal to normalised request paths.
PathError canonicalizeSegment(std::string_view raw, std::string& out);

// Percent-decodes a canonical segment (for parameter values) and appends it to out.
// Returns false on bad encoding (out then holds a partial result).
bool percentDecode(std::string_view in, std::string& out);

// Percent-encodes a decoded value for use as one path segment and appends it to out: keeps the
// RFC 3986 pchar characters (unreserved, sub-delims, ':' and '@') and encodes everything else,
// '/', '?', '#' and '%' included. A value that is exactly "." or ".." is written as "%2E" /
// "%2E%2E" so it can never become a dot segment, and one that is "." or ".." followed by ';'
// ("..;x") keeps its ';' encoded ("..%3Bx") for the same reason.
void percentEncodeSegment(std::string_view in, std::string& out);

// Appends a multi-segment path rest (e.g. the "*" parameter of a wildcard match, which is kept in
// canonical, still-encoded form) to out: '/' and well-formed %XX escapes are kept as they are,
// everything that is not a pchar is encoded, so the result cannot smuggle a query or fragment.
void percentEncodePath(std::string_view in, std::string& out);

const char* describe(PathError error);

} // namespace portico::routing
