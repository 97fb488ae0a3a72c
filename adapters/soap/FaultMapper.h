#pragma once

// SOAP faults -> problem+json. Reads a SOAP 1.1 Fault (faultcode, faultstring, detail) or a
// SOAP 1.2 Fault (Code/Value with nested Subcode/Value, Reason/Text, Detail) and chooses the
// status: the route's first matching <fault> rule, else 400 for a 1.1 "Client" (also
// "Client.Something") or a 1.2 "Sender" fault, else 502.
//
// Problem members: detail = the fault string / reason text; faultcode = the code's local name
// ("Client"), or for SOAP 1.2 the Value's local name followed by each Subcode's, joined with '/'
// ("Sender/NotFound"); faultdetail = the fault's detail element mapped untyped (UntypedMapping.h),
// present only when the fault has one.
//
// Rule matching: code="X" matches the code's local name, any 1.2 Subcode's local name, or any
// dot-separated part of a 1.1 code ("Client.Auth" matches "Client.Auth" and "Auth"); detail="Y"
// matches the local name of a child element of the detail. A rule with both needs both.
// Immutable; thread-safe.

#include "soap/ReplyOutcome.h"
#include "soap/SoapConfig.h"
#include "soap/SoapVersion.h"

#include <pugixml.hpp>

#include <string>
#include <vector>

namespace portico::soap
{

struct SoapFault
{
    std::string code;                   // the faultcode member
    std::vector<std::string> codeNames; // local names a rule's code= may match
    bool senderFault = false;           // 1.1 Client, 1.2 Sender
    std::string reason;
    pugi::xml_node detail; // may be empty
};

class FaultMapper
{
public:
    explicit FaultMapper(std::vector<FaultRule> rules);

    // Reads fault (a soap:Fault element). False with error when it is not a valid fault.
    static bool readFault(pugi::xml_node fault, SoapVersion version, SoapFault& result, std::string& error);

    int statusFor(const SoapFault& fault) const;

    // The problem answer for a fault element of a reply.
    ReplyOutcome map(pugi::xml_node fault, SoapVersion version) const;

private:
    std::vector<FaultRule> _rules;
};

} // namespace portico::soap
