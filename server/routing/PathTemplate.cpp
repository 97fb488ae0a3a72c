#include "routing/PathTemplate.h"

#include "routing/PathNormalizer.h"

#include <algorithm>

namespace portico::routing
{

namespace
{

constexpr std::string_view kWildcardName = "*";

bool isNameStart(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

bool isValidName(std::string_view name)
{
    return !name.empty() && isNameStart(name.front()) && std::all_of(name.begin(), name.end(), isNameChar);
}

const PathParam* findParam(const PathParams& params, std::string_view name)
{
    for (const PathParam& param : params)
    {
        if (param.name == name) return &param;
    }
    return nullptr;
}

// Parses one "{name}" segment; returns false with error set.
bool parseParameter(std::string_view raw, const std::string& where,
                    const std::vector<PathTemplate::Segment>& seen, std::string& name, std::string& error)
{
    if (raw.front() != '{')
    {
        error = (raw.find('{') == std::string_view::npos ? "unexpected '}'"
                                                         : "a parameter must be a whole segment,") +
                where;
        return false;
    }
    const std::size_t close = raw.find('}');
    if (close == std::string_view::npos)
    {
        error = "unterminated '{'" + where;
        return false;
    }
    if (close != raw.size() - 1)
    {
        error = "a parameter must be a whole segment," + where;
        return false;
    }
    const std::string_view candidate = raw.substr(1, close - 1);
    if (candidate.empty())
    {
        error = "empty parameter name" + where;
        return false;
    }
    if (!isValidName(candidate))
    {
        error = "invalid parameter name '" + std::string(candidate) + "'" + where;
        return false;
    }
    for (const PathTemplate::Segment& segment : seen)
    {
        if (segment.kind == PathTemplate::SegmentKind::Parameter && segment.text == candidate)
        {
            error = "duplicate parameter '" + std::string(candidate) + "'";
            return false;
        }
    }
    name.assign(candidate);
    return true;
}

// Canonicalises one literal segment so it compares equal to normalised request paths.
bool parseLiteral(std::string_view raw, const std::string& where, std::string& text, std::string& error)
{
    switch (canonicalizeSegment(raw, text))
    {
    case PathError::None:
        break;
    case PathError::BadPercentEncoding:
        error = "malformed percent-encoding" + where;
        return false;
    default:
        error = "forbidden character" + where;
        return false;
    }
    // A template that keeps a dot segment could never match a normalised path; one with "..;"
    // is refused by normalizePath as well.
    const std::string_view head = std::string_view(text).substr(0, text.find(';'));
    if (head == "." || head == "..")
    {
        error = "dot segment" + where;
        return false;
    }
    return true;
}

} // namespace

bool PathTemplate::parse(std::string_view text, PathTemplate& out, std::string& error)
{
    if (text.empty() || text.front() != '/')
    {
        error = "path must start with '/'";
        return false;
    }
    PathTemplate result;
    result._text.assign(text);

    std::size_t pos = 1;
    for (int number = 1;; ++number)
    {
        std::size_t end = text.find('/', pos);
        const bool last = end == std::string_view::npos;
        if (last) end = text.size();
        const std::string_view raw = text.substr(pos, end - pos);
        const std::string where = " in segment " + std::to_string(number);

        if (result._wildcard)
        {
            error = "'*' is only allowed as the last segment";
            return false;
        }
        if (raw == "*")
        {
            result._wildcard = true;
        }
        else if (raw.empty())
        {
            if (!last)
            {
                error = "empty segment " + std::to_string(number);
                return false;
            }
            result._segments.push_back({SegmentKind::Literal, std::string()}); // the trailing '/'
        }
        else if (raw.find_first_of("{}") != std::string_view::npos)
        {
            std::string name;
            if (!parseParameter(raw, where, result._segments, name, error)) return false;
            result._segments.push_back({SegmentKind::Parameter, std::move(name)});
        }
        else
        {
            std::string literal;
            if (!parseLiteral(raw, where, literal, error)) return false;
            result._segments.push_back({SegmentKind::Literal, std::move(literal)});
        }

        if (last) break;
        pos = end + 1;
    }
    out = std::move(result);
    return true;
}

std::string PathTemplate::shape() const
{
    std::string shape;
    for (const Segment& segment : _segments)
    {
        shape.push_back('/');
        shape.append(segment.kind == SegmentKind::Literal ? std::string_view(segment.text) : "{}");
    }
    if (_wildcard) shape.append("/*");
    if (shape.empty()) shape.push_back('/');
    return shape;
}

bool PathTemplate::walk(std::string_view normalizedPath, PathParams* params) const
{
    if (normalizedPath.empty() || normalizedPath.front() != '/') return false;
    std::size_t pos = 1; // first byte of the current segment; size() + 1 once the path is used up
    for (const Segment& segment : _segments)
    {
        if (pos > normalizedPath.size()) return false;
        std::size_t end = normalizedPath.find('/', pos);
        if (end == std::string_view::npos) end = normalizedPath.size();
        const std::string_view piece = normalizedPath.substr(pos, end - pos);
        if (segment.kind == SegmentKind::Literal)
        {
            if (piece != segment.text) return false;
        }
        else
        {
            if (piece.empty()) return false;
            if (params)
            {
                params->push_back({segment.text, std::string()});
                if (!percentDecode(piece, params->back().value)) return false;
            }
        }
        pos = end + 1;
    }
    if (!_wildcard) return pos == normalizedPath.size() + 1;
    if (params)
    {
        const std::string_view rest =
            pos > normalizedPath.size() ? std::string_view() : normalizedPath.substr(pos);
        params->push_back({kWildcardName, std::string(rest)});
    }
    return true;
}

bool PathTemplate::match(std::string_view normalizedPath, PathParams& params) const
{
    // Checking first keeps failed candidates free of allocations.
    if (!walk(normalizedPath, nullptr)) return false;
    const std::size_t before = params.size();
    if (!walk(normalizedPath, &params))
    {
        params.resize(before);
        return false;
    }
    return true;
}

bool PathTemplate::matches(std::string_view normalizedPath) const
{
    return walk(normalizedPath, nullptr);
}

std::string PathTemplate::expand(const PathParams& params) const
{
    std::string path;
    for (const Segment& segment : _segments)
    {
        path.push_back('/');
        if (segment.kind == SegmentKind::Literal)
        {
            path.append(segment.text);
        }
        else if (const PathParam* param = findParam(params, segment.text))
        {
            percentEncodeSegment(param->value, path);
        }
    }
    if (_wildcard)
    {
        if (const PathParam* rest = findParam(params, kWildcardName))
        {
            std::string_view value = rest->value;
            while (!value.empty() && value.front() == '/')
                value.remove_prefix(1);
            if (!value.empty())
            {
                if (path.empty() || path.back() != '/') path.push_back('/');
                percentEncodePath(value, path);
            }
        }
    }
    if (path.empty()) path.push_back('/');
    return path;
}

namespace
{

// Specificity symbol of position i: a literal beats a parameter beats the end of the template
// (so more segments beat fewer) beats a wildcard rest (so no wildcard beats a wildcard).
int specificitySymbol(const PathTemplate& pathTemplate, std::size_t i)
{
    const auto& segments = pathTemplate.segments();
    if (i < segments.size()) return segments[i].kind == PathTemplate::SegmentKind::Literal ? 0 : 1;
    return pathTemplate.wildcard() ? 3 : 2;
}

} // namespace

int PathTemplate::compareSpecificity(const PathTemplate& other) const
{
    // Lexicographic over the symbols, so it is a strict weak order fit for sorting.
    const std::size_t common = std::min(_segments.size(), other._segments.size());
    for (std::size_t i = 0; i <= common; ++i)
    {
        const int mine = specificitySymbol(*this, i);
        const int theirs = specificitySymbol(other, i);
        if (mine != theirs) return mine - theirs;
        if (mine >= 2) break; // both ended the same way
    }
    return 0;
}

} // namespace portico::routing
