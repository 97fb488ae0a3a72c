#pragma once

// <response codec="iso8583">: the peer's ISO 8583 reply as {"mti":"0210","fields":{"39":"00",…}}
// (every value a string: numeric fields keep their leading zeros, binary ones are hexadecimal),
// answered with the status <iso8583><responseCode> gives the reply's response code. A status of
// 400 or more is a problem+json that still carries "mti", "fields" and "responseCode". A reply that
// does not follow the message definition is a 502 naming the field and byte at fault. Thread-safe.

#include "tcp/Iso8583Spec.h"
#include "tcp/ResponseCodec.h"

#include <memory>

namespace portico::tcp
{

class Iso8583ResponseCodec final : public ResponseCodec
{
public:
    explicit Iso8583ResponseCodec(std::shared_ptr<const Iso8583Spec> spec);

    Answer decode(std::string_view payload) const override;

private:
    const std::shared_ptr<const Iso8583Spec> _spec;
};

} // namespace portico::tcp
