#pragma once

// The soap adapter's routes the SOAP fuzz targets exercise, made once from the test WSDLs: the
// calculator's Add over SOAP 1.1 and 1.2, a service whose messages hold arrays, nested types and
// dates, an untyped route, one with fault rules, and open and polymorphic schemas (xsi:type on a
// derived type, xs:any and xs:anyType, a .NET DataSet, base64Binary values for MTOM). A route
// the adapter refuses aborts the target: the cases themselves must stay valid.

#include "soap/SoapOperation.h"
#include "soap/SoapRoute.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace portico::fuzz
{

struct SoapCase
{
    std::shared_ptr<const soap::SoapRoute> route;
    std::shared_ptr<const soap::SoapOperation> operation;
    std::string selectorParam; // the path parameter naming the operation, when there is one
    std::string operationName;
};

const std::vector<SoapCase>& soapCases();

[[noreturn]] void failProperty(const char* target, const std::string& property, std::size_t which);

} // namespace portico::fuzz
