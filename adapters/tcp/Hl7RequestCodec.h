#pragma once

// <request codec="hl7v2">: the request body is an HL7 v2 message as text. Clients write lines, so
// LF and CRLF are turned into HL7's segment terminator CR, and the message is made to end with
// exactly one CR. A body that does not start with an MSH segment is a 400.

#include "tcp/Charset.h"
#include "tcp/RequestCodec.h"

namespace portico::tcp
{

class Hl7RequestCodec final : public RequestCodec
{
public:
    explicit Hl7RequestCodec(const Charset& charset) : _charset(charset) {}

    bool encode(const RequestData& request, std::string& payload, std::string& problem) const override;

    // The message with CR segment terminators, ending in one CR.
    static std::string normaliseSegments(std::string_view text);

private:
    const Charset& _charset;
};

} // namespace portico::tcp
