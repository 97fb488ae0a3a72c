#pragma once

// Finding credentials in a request and taking them out before it is forwarded: an API key in a
// header or a query parameter, Basic user and password in Authorization. Pure functions on views.

#include "http/HttpHead.h"

#include <optional>
#include <string>
#include <string_view>

namespace portico::authentication
{

// The raw value of the first query parameter called name ("a=1&key=x" → "x"), or nullopt.
std::optional<std::string_view> findQueryParameter(std::string_view query, std::string_view name);

// A query value with its %XX escapes decoded ('+' is kept: keys may contain it). False when an
// escape is malformed.
bool percentDecodeQueryValue(std::string_view value, std::string& out);

// query without every parameter called name, the others kept in their order and spelling.
std::string withoutQueryParameter(std::string_view query, std::string_view name);

// Drops every field called name (any case).
void removeHeader(http::HttpHead& head, std::string_view name);

// "Basic <base64 of user:password>" (scheme in any case). False when it is not Basic at all;
// malformed is set when it is Basic but cannot be read.
bool parseBasicCredentials(std::string_view authorization, std::string& user, std::string& password,
                           bool& malformed);

} // namespace portico::authentication
