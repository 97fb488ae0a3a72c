#include "http/MessageParser.h"

#include "http/ChunkedDecoder.h"

#include <climits>
#include <cstring>

namespace portico::http
{

namespace
{

MessageParser* self(http_parser* parser)
{
    return static_cast<MessageParser*>(parser->data);
}

// Extends a view with a piece that follows it in the same block (the parser may report a
// token in more than one call); otherwise starts a new view.
void extend(std::string_view& view, const char* at, std::size_t length)
{
    if (view.data() != nullptr && view.data() + view.size() == at)
    {
        view = std::string_view(view.data(), view.size() + length);
    }
    else
    {
        view = std::string_view(at, length);
    }
}

} // namespace

MessageParser::MessageParser(Kind kind) : _kind(kind), _chunked(std::make_unique<ChunkedDecoder>())
{
    http_parser_settings_init(&_settings);
    _settings.on_message_begin = &MessageParser::onMessageBegin;
    _settings.on_url = &MessageParser::onUrl;
    _settings.on_status = &MessageParser::onStatus;
    _settings.on_header_field = &MessageParser::onHeaderField;
    _settings.on_header_value = &MessageParser::onHeaderValue;
    _settings.on_headers_complete = &MessageParser::onHeadersComplete;
    _settings.on_message_complete = &MessageParser::onMessageComplete;
}

MessageParser::~MessageParser() = default;

const char* MessageParser::parseHead(std::string_view headBlock, HttpHead& head, bool requestWasHead)
{
    http_parser_init(&_parser, _kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    _parser.data = this;
    _head = &head;
    _headersDone = false;
    _complete = false;
    _inHeaders = false;
    _framing = Framing::None;
    head.clear();
    // One allocation for a new head instead of one per doubling (a reused head keeps its room).
    constexpr std::size_t usualFields = 16;
    if (head.headers.capacity() < usualFields) head.headers.reserve(usualFields);
    std::size_t parsed = http_parser_execute(&_parser, &_settings, headBlock.data(), headBlock.size());
    if (HTTP_PARSER_ERRNO(&_parser) != HPE_OK && HTTP_PARSER_ERRNO(&_parser) != HPE_PAUSED)
    {
        return http_errno_description(HTTP_PARSER_ERRNO(&_parser));
    }
    if (!_headersDone || parsed != headBlock.size())
    {
        return "incomplete message head";
    }
    if (_kind == Kind::Request && !head.chunked && head.has("transfer-encoding"))
    {
        // A request body must be chunked-final if it has a transfer coding at all (RFC 9112 6.3);
        // anything else cannot be framed and is refused, as the underlying parser would.
        return http_errno_description(HPE_INVALID_TRANSFER_ENCODING);
    }
    // RFC 9112 6.3: responses to HEAD and 1xx, 204 and 304 responses end with their head,
    // whatever Content-Length or Transfer-Encoding say.
    bool noBody = _kind == Kind::Response &&
                  (requestWasHead || head.status < 200 || head.status == 204 || head.status == 304);
    if (noBody)
    {
        _framing = Framing::None;
    }
    else if (head.chunked)
    {
        _framing = Framing::Chunked;
        _chunked->reset();
    }
    else if (head.hasContentLength)
    {
        _framing = head.contentLength > 0 ? Framing::Length : Framing::None;
        _remaining = head.contentLength;
    }
    else
    {
        _framing = _kind == Kind::Response ? Framing::UntilClose : Framing::None;
    }
    _complete = _framing == Framing::None;
    return nullptr;
}

std::size_t MessageParser::feedBody(const char* data, std::size_t length, BodySink& sink, const char*& error)
{
    error = nullptr;
    if (_complete || length == 0)
    {
        return 0;
    }
    switch (_framing)
    {
    case Framing::Length:
    {
        std::size_t take = _remaining < length ? static_cast<std::size_t>(_remaining) : length;
        sink.onBodyData(data, take);
        _remaining -= take;
        if (_remaining == 0)
        {
            _complete = true;
            sink.onBodyComplete();
        }
        return take;
    }
    case Framing::Chunked:
    {
        std::size_t consumed = _chunked->feed(data, length, sink, error);
        _complete = _chunked->complete();
        return consumed;
    }
    case Framing::UntilClose:
        sink.onBodyData(data, length);
        return length;
    case Framing::None:
        break;
    }
    return 0;
}

bool MessageParser::feedEof(BodySink& sink)
{
    if (_complete)
    {
        return true;
    }
    if (_framing != Framing::UntilClose)
    {
        return false;
    }
    _complete = true;
    sink.onBodyComplete();
    return true;
}

bool MessageParser::bodyUntilClose() const
{
    return _framing == Framing::UntilClose && !_complete;
}

int MessageParser::onMessageBegin(http_parser*)
{
    return 0;
}

int MessageParser::onUrl(http_parser* parser, const char* at, std::size_t length)
{
    extend(self(parser)->_head->target, at, length);
    return 0;
}

int MessageParser::onStatus(http_parser* parser, const char* at, std::size_t length)
{
    extend(self(parser)->_head->reason, at, length);
    return 0;
}

int MessageParser::onHeaderField(http_parser* parser, const char* at, std::size_t length)
{
    MessageParser* me = self(parser);
    if (me->_headersDone)
    {
        return 0; // a trailer field: trailers are not forwarded
    }
    std::vector<HeaderField>& headers = me->_head->headers;
    if (!me->_inHeaders || headers.empty() || headers.back().value.data() != nullptr)
    {
        headers.push_back(HeaderField{});
    }
    me->_inHeaders = true;
    extend(headers.back().name, at, length);
    return 0;
}

int MessageParser::onHeaderValue(http_parser* parser, const char* at, std::size_t length)
{
    MessageParser* me = self(parser);
    if (me->_headersDone || me->_head->headers.empty())
    {
        return 0;
    }
    HeaderField& field = me->_head->headers.back();
    extend(field.value, at, length);
    return 0;
}

int MessageParser::onHeadersComplete(http_parser* parser)
{
    MessageParser* me = self(parser);
    HttpHead& head = *me->_head;
    for (HeaderField& field : head.headers)
    {
        field.value = util::trimOws(field.value);
        if (field.value.data() == nullptr)
        {
            field.value = std::string_view("", 0);
        }
    }
    head.versionMajor = parser->http_major;
    head.versionMinor = parser->http_minor;
    if (me->_kind == Kind::Request)
    {
        head.method = http_method_str(static_cast<http_method>(parser->method));
    }
    else
    {
        head.status = parser->status_code;
    }
    head.chunked = (parser->flags & F_CHUNKED) != 0;
    head.hasContentLength = !head.chunked && parser->content_length != ULLONG_MAX;
    head.contentLength = head.hasContentLength ? parser->content_length : 0;
    head.keepAlive = http_should_keep_alive(parser) != 0;
    head.upgrade = parser->upgrade != 0;
    me->_headersDone = true;
    return 1; // the body is framed by feedBody(), not by the underlying parser
}

int MessageParser::onMessageComplete(http_parser* parser)
{
    // The head ends the underlying parser's message (its body is skipped); stop there.
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace portico::http
