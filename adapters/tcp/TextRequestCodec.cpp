#include "tcp/TextRequestCodec.h"

namespace portico::tcp
{

bool TextRequestCodec::encode(const RequestData& request, std::string& payload, std::string& problem) const
{
    std::string phrase;
    if (!_charset.encodeUtf8(request.body, payload, phrase))
    {
        problem = "the request body " + phrase;
        return false;
    }
    return true;
}

} // namespace portico::tcp
