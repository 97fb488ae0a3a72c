#pragma once

// The Authorization line of HTTP Basic authentication (RFC 7617), encoded by POCO rather than by
// the gateway's own base64, so a test does not check the gateway against itself.

#include <string>

namespace portico::test
{

// "Authorization: Basic BASE64(user:password)\r\n"
std::string basicHeader(const std::string& user, const std::string& password);

} // namespace portico::test
