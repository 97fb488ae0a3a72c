// Fuzz target for the request and response readers: the strict head scanner, then the parser
// on the head and the body, with the input split at arbitrary points as it would arrive from a
// socket. Invariants checked: no crash or sanitizer report, a Complete head is never longer than
// the input, a parsed head's views stay inside the head block, and consumed body bytes never
// exceed what was fed.

#include "http/HeadScanner.h"
#include "http/MessageParser.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace
{

struct CountingSink final : portico::http::BodySink
{
    std::size_t bytes = 0;
    bool done = false;
    void onBodyData(const char*, std::size_t length) override { bytes += length; }
    void onBodyComplete() override { done = true; }
};

void check(bool condition)
{
    if (!condition)
    {
        std::abort();
    }
}

bool inside(std::string_view view, const std::string& block)
{
    return view.data() == nullptr ||
           (view.data() >= block.data() && view.data() + view.size() <= block.data() + block.size());
}

void readMessage(const std::uint8_t* data, std::size_t size, portico::http::MessageParser::Kind kind)
{
    if (size < 2)
    {
        return;
    }
    // The first byte chooses how the input is split into "reads".
    std::size_t step = 1 + data[0] % 64;
    std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    portico::http::HeadScanner scanner;
    std::string received;
    std::size_t headLength = 0;
    const char* reason = nullptr;
    portico::http::HeadScanResult result = portico::http::HeadScanResult::NeedMore;
    std::size_t offset = 0;
    while (offset < input.size() && result == portico::http::HeadScanResult::NeedMore)
    {
        std::size_t take = std::min(step, input.size() - offset);
        received.append(input.substr(offset, take));
        offset += take;
        result = scanner.scan(received, headLength, reason);
    }
    if (result != portico::http::HeadScanResult::Complete)
    {
        return;
    }
    check(headLength <= received.size());
    std::string head = received.substr(0, headLength);
    portico::http::MessageParser parser(kind);
    portico::http::HttpHead parsed;
    if (parser.parseHead(head, parsed, false) != nullptr)
    {
        return;
    }
    check(inside(parsed.target, head));
    for (const auto& field : parsed.headers)
    {
        check(inside(field.name, head) && inside(field.value, head));
    }
    std::string body = received.substr(headLength) + std::string(input.substr(offset));
    CountingSink sink;
    std::size_t fed = 0;
    while (fed < body.size() && !parser.complete())
    {
        std::size_t take = std::min(step, body.size() - fed);
        const char* error = nullptr;
        std::size_t consumed = parser.feedBody(body.data() + fed, take, sink, error);
        check(consumed <= take);
        if (error != nullptr || consumed == 0)
        {
            break;
        }
        fed += consumed;
    }
    check(sink.bytes <= body.size());
    parser.feedEof(sink);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    // Even first bytes read requests, odd ones responses.
    readMessage(data, size,
                data[0] % 2 == 0 ? portico::http::MessageParser::Kind::Request
                                 : portico::http::MessageParser::Kind::Response);
    return 0;
}
