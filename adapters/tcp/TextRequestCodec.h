#pragma once

// <request codec="text">: the request body (UTF-8) is the payload, in the configured charset.

#include "tcp/Charset.h"
#include "tcp/RequestCodec.h"

namespace portico::tcp
{

class TextRequestCodec final : public RequestCodec
{
public:
    explicit TextRequestCodec(const Charset& charset) : _charset(charset) {}

    bool encode(const RequestData& request, std::string& payload, std::string& problem) const override;

private:
    const Charset& _charset;
};

} // namespace portico::tcp
