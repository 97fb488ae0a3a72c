#pragma once

// The API keys of the consumers "acme" and "beta" that the access-control tests configure.

#include <string>

namespace portico::test
{

inline const std::string acmeKey = "acme-key-0123456789abcdef";
inline const std::string betaKey = "beta-key-fedcba9876543210";

// The header line that presents key as X-API-Key.
inline std::string apiKeyHeader(const std::string& key)
{
    return "X-API-Key: " + key + "\r\n";
}

// <consumers> with acme and beta and their keys, for a configuration's top level.
inline std::string acmeAndBetaConsumers()
{
    return "  <consumers><consumer name=\"acme\"><key value=\"" + acmeKey +
           "\"/></consumer><consumer name=\"beta\"><key value=\"" + betaKey + "\"/></consumer></consumers>\n";
}

} // namespace portico::test
