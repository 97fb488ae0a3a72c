#pragma once

// A route path template: literal segments, "{name}" parameter segments and an optional trailing
// "/*" that matches any rest (including nothing). Parsed once at configuration time; afterwards
// immutable, so const member functions are safe from any thread.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::routing
{

// A bound template parameter. The name views the template's own storage (it lives as long as
// the Router/PathTemplate, which must not be moved-from, copied over or destroyed meanwhile); the
// value is percent-decoded, so it may hold '/'. Exception: the wildcard parameter "*" holds the
// rest in canonical, still-encoded form, because decoding it would turn an encoded "%2F" into a
// separator when the rest is forwarded (a path-confusion hole).
struct PathParam
{
    std::string_view name;
    std::string value;
};
using PathParams = std::vector<PathParam>;

class PathTemplate
{
public:
    enum class SegmentKind
    {
        Literal,
        Parameter
    };
    struct Segment
    {
        SegmentKind kind;
        std::string text; // literal text in canonical (normalised) form, or the parameter name
    };

    // Parses "/a/{id}/b/*". On failure returns false and sets error to a one-line reason
    // (e.g. "path must start with '/'", "unterminated '{' in segment 2", "duplicate parameter 'id'").
    // Rules: a parameter is a whole segment, its name [A-Za-z_][A-Za-z0-9_.-]*; '*' only as the
    // whole last segment; no empty, "." or ".." segments; a trailing '/' is significant and is kept
    // as a final empty literal segment (so "/" is one empty literal and matches only "/").
    static bool parse(std::string_view text, PathTemplate& out, std::string& error);

    // "/a/{}/b/*": equal for templates that match exactly the same paths (parameter names erased).
    std::string shape() const;

    // Matches a path produced by normalizePath(); on success appends the parameters (and, for a
    // trailing wildcard, a parameter named "*" holding the rest without leading '/'). On failure
    // params is left as it was. A parameter never matches an empty segment.
    bool match(std::string_view normalizedPath, PathParams& params) const;

    // Like match() without binding anything; never allocates.
    bool matches(std::string_view normalizedPath) const;

    // Builds a path from this template with the given parameters, percent-encoding values so a
    // value holding '/' or '?' stays one segment. A parameter not in params expands to "".
    // The wildcard expands to the "*" parameter with its '/' kept (see percentEncodePath), or to
    // nothing when it is empty; the result always starts with '/'.
    std::string expand(const PathParams& params) const;

    const std::vector<Segment>& segments() const { return _segments; }
    bool wildcard() const { return _wildcard; }
    const std::string& text() const { return _text; }

    // Orders templates by specificity: negative when this one is more specific than other.
    // Segment by segment a literal beats a parameter, a parameter beats the wildcard rest;
    // then more segments beat fewer; then no wildcard beats wildcard. Literal texts are not
    // compared (templates differing only there never match the same path), so 0 means a tie.
    int compareSpecificity(const PathTemplate& other) const;

private:
    // Walks normalizedPath against the segments; binds parameters into params when it is not null
    // (the caller rolls back on failure).
    bool walk(std::string_view normalizedPath, PathParams* params) const;

    std::string _text;
    std::vector<Segment> _segments;
    bool _wildcard = false;
};

} // namespace portico::routing
