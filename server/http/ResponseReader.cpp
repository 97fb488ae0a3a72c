#include "http/ResponseReader.h"

namespace portico::http
{

void ResponseReader::reset(bool requestWasHead)
{
    _requestWasHead = requestWasHead;
    _scanner.reset();
    _error = nullptr;
}

ResponseReader::Progress ResponseReader::readHead(util::Buffer& input)
{
    while (true)
    {
        std::size_t headLength = 0;
        const char* reason = nullptr;
        HeadScanResult scanned = _scanner.scan(input.view(), headLength, reason);
        if (scanned == HeadScanResult::NeedMore)
        {
            if (input.size() > _maxHeadBytes)
            {
                _error = "the response head is too large";
                return Progress::Malformed;
            }
            return Progress::NeedMore;
        }
        if (scanned == HeadScanResult::Malformed)
        {
            _error = reason != nullptr ? reason : "malformed response head";
            return Progress::Malformed;
        }
        _block.assign(input.data(), headLength);
        input.consume(headLength);
        _scanner.reset();
        if (const char* error = _parser.parseHead(_block, _head, _requestWasHead))
        {
            _error = error;
            return Progress::Malformed;
        }
        // Interim answers (100 Continue) are the gateway's business, not its client's.
        if (_head.status >= 200 || _head.status < 100)
        {
            return Progress::Head;
        }
    }
}

bool ResponseReader::readBody(util::Buffer& input, BodySink& sink)
{
    if (input.empty() || _parser.complete())
    {
        return true;
    }
    const char* error = nullptr;
    std::size_t consumed = _parser.feedBody(input.data(), input.size(), sink, error);
    input.consume(consumed);
    if (error != nullptr)
    {
        _error = error;
        return false;
    }
    return true;
}

} // namespace portico::http
