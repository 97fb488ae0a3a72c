#pragma once

// <response codec="hl7v2">: the reply, an HL7 v2 message, becomes {"segments":[…]} (Hl7Message.h
// gives the representation). An acknowledgement whose MSA-1 is AE, AR, CE or CR is the peer saying
// no: a 502 problem that carries the same segments, and the code as "ackCode".

#include "tcp/Charset.h"
#include "tcp/ResponseCodec.h"

namespace portico::tcp
{

class Hl7ResponseCodec final : public ResponseCodec
{
public:
    explicit Hl7ResponseCodec(const Charset& charset) : _charset(charset) {}

    Answer decode(std::string_view payload) const override;

private:
    const Charset& _charset;
};

} // namespace portico::tcp
