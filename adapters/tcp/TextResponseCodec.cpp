#include "tcp/TextResponseCodec.h"

namespace portico::tcp
{

Answer TextResponseCodec::decode(std::string_view payload) const
{
    std::string text;
    std::string problem;
    if (!_charset.decodeToUtf8(payload, text, problem))
    {
        return Answer::problem(502, "the peer's reply cannot be read: " + problem);
    }
    return Answer::ok("text/plain; charset=utf-8", std::move(text));
}

} // namespace portico::tcp
