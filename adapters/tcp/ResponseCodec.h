#pragma once

// Turns the peer's reply payload (after framing) into the HTTP answer: a 200 with a body, or a
// 502 problem when the reply is malformed or is itself an error. One implementation per
// <response codec="…">. Immutable after construction; thread-safe.

#include "tcp/Answer.h"

#include <string_view>

namespace portico::tcp
{

class ResponseCodec
{
public:
    virtual ~ResponseCodec() = default;
    virtual Answer decode(std::string_view payload) const = 0;
};

} // namespace portico::tcp
