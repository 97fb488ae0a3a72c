#pragma once

// OpenAPI 3.0 description of a soap route, with JSON schemas derived from the WSDL's XSD:
// objects with their properties in schema order, "required" (minOccurs >= 1 outside a choice),
// arrays for maxOccurs > 1 (minItems/maxItems), "nullable" for nillable elements, enums,
// integer ranges and formats, "@name" attribute and "#text" simple-content properties. A
// recursive type is cut at its second appearance ({"type":"object"} with a description). An
// operation with SOAP header parts gets a "soap:Header" request property holding their schemas.
//
// What pathItem() returns (JSON text of an OpenAPI Path Item Object):
// - fixed-operation route: "parameters" (the route's path parameters, strings) and one "post"
//   operation with the request schema (fields that path parameters supply are left out of the
//   body schema) and the 200 response schema, plus problem+json answers 400, 502, 504 and the
//   statuses of the route's <fault> rules.
// - {operation} route: the operation parameter as a string "enum" of the operation names, one
//   "post" whose request and response schemas are "anyOf" the operations' schemas (each titled
//   with its operation), a 404 answer for unknown names, and the extension member
//   "x-portico-concrete-paths": an object whose keys are the concrete paths (routePath with the
//   parameter replaced by each operation name, e.g. "/api/calculator/Add") and whose values are
//   the fixed-operation path items of those operations. A host that wants one path per operation
//   can lift these into "paths"; one that does not can ignore the x- member.
// - without a WSDL: the same shapes with generic object schemas.
// Pure; thread-safe.

#include "soap/SoapConfig.h"
#include "soap/SoapOperation.h"

#include <string>
#include <vector>

namespace portico::soap
{

class OpenApiBuilder
{
public:
    OpenApiBuilder(std::string routeName, std::vector<std::string> pathParameters, std::string selectorParam,
                   std::vector<FaultRule> faultRules);

    // operations: those the route serves; untypedSelector: an {operation} route without a WSDL
    // (any operation name is accepted).
    std::string pathItem(const std::string& routePath, const std::vector<const SoapOperation*>& operations,
                         bool untypedSelector) const;

private:
    std::string _routeName;
    std::vector<std::string> _pathParameters;
    std::string _selectorParam;
    std::vector<FaultRule> _faultRules;
};

} // namespace portico::soap
