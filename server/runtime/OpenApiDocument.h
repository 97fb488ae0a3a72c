#pragma once

// GET /openapi.json on the public listeners: an OpenAPI 3.0 document of every route, built once
// per configuration. Proxy routes get their methods and parameters; adapter routes get what their
// adapter describes (for SOAP: request and response schemas derived from the WSDL).

#include <string>

namespace portico::runtime
{

struct Runtime;

std::string buildOpenApiDocument(const Runtime& runtime);

} // namespace portico::runtime
