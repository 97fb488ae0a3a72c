#include "authentication/Credentials.h"

#include "util/Strings.h"
#include <portico/codec/Base64.h>

#include <algorithm>
#include <cctype>

namespace portico::authentication
{

namespace
{
// name, written raw in a query, means wanted ("api%5Fkey" is "api_key").
bool sameName(std::string_view raw, std::string_view wanted)
{
    if (raw.find('%') == std::string_view::npos) return raw == wanted;
    std::string decoded;
    return percentDecodeQueryValue(raw, decoded) && decoded == wanted;
}

// Calls visit(name, value, whole) for each "name=value" (or "name") of query.
template <typename Visit> void forEachParameter(std::string_view query, Visit visit)
{
    while (!query.empty())
    {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t equals = pair.find('=');
        const std::string_view name = pair.substr(0, equals);
        const std::string_view value =
            equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
        if (!visit(name, value, pair)) return;
        if (amp == std::string_view::npos) return;
        query.remove_prefix(amp + 1);
    }
}

} // namespace

std::optional<std::string_view> findQueryParameter(std::string_view query, std::string_view name)
{
    std::optional<std::string_view> found;
    forEachParameter(query,
                     [&](std::string_view key, std::string_view value, std::string_view)
                     {
                         if (!sameName(key, name)) return true;
                         found = value;
                         return false;
                     });
    return found;
}

bool percentDecodeQueryValue(std::string_view value, std::string& out)
{
    out.clear();
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        if (value[i] != '%')
        {
            out.push_back(value[i]);
            continue;
        }
        if (i + 2 >= value.size() || !std::isxdigit(static_cast<unsigned char>(value[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(value[i + 2])))
            return false;
        out.push_back(static_cast<char>(std::stoi(std::string(value.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
    }
    return true;
}

std::string withoutQueryParameter(std::string_view query, std::string_view name)
{
    std::string kept;
    kept.reserve(query.size());
    forEachParameter(query,
                     [&](std::string_view key, std::string_view, std::string_view pair)
                     {
                         if (sameName(key, name)) return true;
                         if (!kept.empty()) kept.push_back('&');
                         kept.append(pair);
                         return true;
                     });
    return kept;
}

void removeHeader(http::HttpHead& head, std::string_view name)
{
    head.headers.erase(std::remove_if(head.headers.begin(), head.headers.end(),
                                      [name](const http::HeaderField& field)
                                      { return util::equalsIgnoreCase(field.name, name); }),
                       head.headers.end());
}

bool parseBasicCredentials(std::string_view authorization, std::string& user, std::string& password,
                           bool& malformed)
{
    malformed = false;
    constexpr std::string_view scheme = "basic";
    if (authorization.size() <= scheme.size() ||
        !util::equalsIgnoreCase(authorization.substr(0, scheme.size()), scheme) ||
        authorization[scheme.size()] != ' ')
        return false;
    std::string_view encoded = authorization.substr(scheme.size() + 1);
    while (!encoded.empty() && encoded.front() == ' ')
        encoded.remove_prefix(1);
    std::string decoded;
    const std::size_t colon = [&]
    {
        if (!codec::decodeBase64(encoded, codec::Base64Alphabet::Standard, codec::Base64Padding::Required,
                                 decoded))
            return std::string::npos;
        return decoded.find(':');
    }();
    if (colon == std::string::npos || colon == 0)
    {
        malformed = true;
        return true;
    }
    user.assign(decoded, 0, colon);
    password.assign(decoded, colon + 1, std::string::npos);
    std::fill(decoded.begin(), decoded.end(), '\0');
    return true;
}

} // namespace portico::authentication
