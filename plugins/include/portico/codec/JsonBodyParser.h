#pragma once

// POCO's JSON parser for request bodies, one per thread and reused: making one allocates its
// handler and buffers, which every request with a body would otherwise pay for. Objects keep
// their keys in the order written. For code that already links POCO JSON (the adapters); ask
// holdsIntegerBeyond64Bits (JsonIntegers.h) before parsing.

#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

namespace portico::codec
{

// The calling thread's parser, reset for a new text. allowNullBytes false refuses a NUL byte,
// escaped (\u0000) or not. Valid until the thread's next call: parse before asking again.
inline Poco::JSON::Parser& jsonBodyParser(bool allowNullBytes)
{
    thread_local Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    parser.reset();
    parser.setAllowNullByte(allowNullBytes);
    return parser;
}

} // namespace portico::codec
