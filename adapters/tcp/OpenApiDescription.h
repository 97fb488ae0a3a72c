#pragma once

// The OpenAPI 3.0 path item of a tcp route whose request or response codec is fixed: the fields
// become typed schemas (string with maxLength, integer within what the length can hold, number
// with multipleOf for the scale), path-bound fields become path parameters, and the other request
// fields query parameters (methods without a body) or a JSON request body. Routes with no fixed
// codec have nothing better than the gateway's generic description: "". Pure; thread-safe.

#include "tcp/TcpConfig.h"

#include <string>
#include <vector>

namespace portico::tcp
{

class OpenApiDescription
{
public:
    static std::string pathItem(const TcpConfig& config, const std::vector<std::string>& methods,
                                const std::vector<std::string>& pathParameters, const std::string& routePath);
};

} // namespace portico::tcp
