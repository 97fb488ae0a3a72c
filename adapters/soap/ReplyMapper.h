#pragma once

// SOAP reply -> client answer. Checks that the reply is well-formed XML without a DOCTYPE and a
// SOAP envelope of the route's version, then maps a Fault (FaultMapper) or the response
// wrapper's children (TypedMapping with a WSDL, UntypedMapping without) to a JSON body.
//
// HTTP status handling: a Fault is mapped whatever the status (services send 500, some 200 or
// 400); a normal envelope is accepted only with a 2xx status; an empty body with 200/202 is {}
// for an operation without output; anything else is 502 with a detail saying what was wrong.
// Immutable; map() is const and thread-safe.

#include "soap/FaultMapper.h"
#include "soap/ReplyOutcome.h"
#include "soap/SoapOperation.h"
#include "soap/SoapVersion.h"

#include <string>

namespace portico::soap
{

class ReplyMapper
{
public:
    ReplyMapper(SoapVersion version, std::vector<FaultRule> faultRules);

    ReplyOutcome map(const SoapOperation& operation, int httpStatus, const std::string& body) const;

private:
    ReplyOutcome mapEnvelope(const SoapOperation& operation, int httpStatus, const std::string& body) const;

    SoapVersion _version;
    FaultMapper _faults;
};

} // namespace portico::soap
