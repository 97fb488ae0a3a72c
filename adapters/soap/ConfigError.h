#pragma once

// The soap adapter's one exception type: a configuration problem found while loading a WSDL or
// schema. Thrown only at configuration time (inside SoapRoute::create()), which turns it into an
// error message; the request path reports problems through return values instead.

#include <stdexcept>
#include <string>

namespace portico::soap
{

class ConfigError : public std::runtime_error
{
public:
    explicit ConfigError(const std::string& message) : std::runtime_error(message) {}
};

} // namespace portico::soap
