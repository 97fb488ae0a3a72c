#pragma once

// <request codec="iso8583">: the JSON body {"mti":"0200","fields":{"2":"4111…","4":1000,…}} as an
// ISO 8583 message. Numeric fields may be given as digits or as non-negative integers, binary ones
// in hexadecimal. The MTI may be left to <iso8583 mti>, and the STAN (field 11 unless <iso8583
// stan> says otherwise) to the codec, which numbers requests itself. Thread-safe.

#include "tcp/Iso8583Spec.h"
#include "tcp/RequestCodec.h"

#include <atomic>
#include <memory>

namespace portico::tcp
{

class Iso8583RequestCodec final : public RequestCodec
{
public:
    explicit Iso8583RequestCodec(std::shared_ptr<const Iso8583Spec> spec);

    bool encode(const RequestData& request, std::string& payload, std::string& problem) const override;
    // key: the STAN sent (given or numbered here).
    bool encode(const RequestData& request, std::string& payload, std::string& key,
                std::string& problem) const override;

private:
    // The next STAN: 1 to 999999 and round again, as the standard's six digits allow.
    std::string nextStan(std::size_t digits) const;

    const std::shared_ptr<const Iso8583Spec> _spec;
    mutable std::atomic<unsigned> _stan{0};
};

} // namespace portico::tcp
