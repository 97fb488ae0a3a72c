#pragma once

// <response codec="text">: the payload, decoded from the configured charset, is the answer body,
// as text/plain; charset=utf-8.

#include "tcp/Charset.h"
#include "tcp/ResponseCodec.h"

namespace portico::tcp
{

class TextResponseCodec final : public ResponseCodec
{
public:
    explicit TextResponseCodec(const Charset& charset) : _charset(charset) {}

    Answer decode(std::string_view payload) const override;

private:
    const Charset& _charset;
};

} // namespace portico::tcp
