#include "http/MessageParser.h"

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

MessageParser::MessageParser(Kind kind) : _kind(kind)
{
    http_parser_settings_init(&_settings);
    _settings.on_message_begin = &MessageParser::onMessageBegin;
    _settings.on_url = &MessageParser::onUrl;
    _settings.on_status = &MessageParser::onStatus;
    _settings.on_header_field = &MessageParser::onHeaderField;
    _settings.on_header_value = &MessageParser::onHeaderValue;
    _settings.on_headers_complete = &MessageParser::onHeadersComplete;
    _settings.on_body = &MessageParser::onBody;
    _settings.on_message_complete = &MessageParser::onMessageComplete;
}

const char* MessageParser::parseHead(std::string_view headBlock, HttpHead& head, bool requestWasHead)
{
    http_parser_init(&_parser, _kind == Kind::Request ? HTTP_REQUEST : HTTP_RESPONSE);
    _parser.data = this;
    _head = &head;
    _sink = nullptr;
    _skipBody = requestWasHead;
    _headersDone = false;
    _complete = false;
    _inHeaders = false;
    head.clear();
    std::size_t parsed = http_parser_execute(&_parser, &_settings, headBlock.data(), headBlock.size());
    if (HTTP_PARSER_ERRNO(&_parser) != HPE_OK && HTTP_PARSER_ERRNO(&_parser) != HPE_PAUSED)
    {
        return http_errno_description(HTTP_PARSER_ERRNO(&_parser));
    }
    if (!_headersDone || parsed != headBlock.size())
    {
        return "incomplete message head";
    }
    return nullptr;
}

std::size_t MessageParser::feedBody(const char* data, std::size_t length, BodySink& sink, const char*& error)
{
    error = nullptr;
    if (_complete || length == 0)
    {
        return 0;
    }
    _sink = &sink;
    std::size_t parsed = http_parser_execute(&_parser, &_settings, data, length);
    _sink = nullptr;
    http_errno code = HTTP_PARSER_ERRNO(&_parser);
    if (code == HPE_PAUSED)
    {
        http_parser_pause(&_parser, 0);
    }
    else if (code != HPE_OK)
    {
        error = http_errno_description(code);
    }
    return parsed;
}

bool MessageParser::feedEof(BodySink& sink)
{
    if (_complete)
    {
        return true;
    }
    if (!bodyUntilClose())
    {
        return false;
    }
    _sink = &sink;
    http_parser_execute(&_parser, &_settings, nullptr, 0);
    _sink = nullptr;
    return _complete;
}

bool MessageParser::bodyUntilClose() const
{
    return _kind == Kind::Response && _headersDone && !_complete && !_head->chunked && !_head->hasContentLength;
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
    if (me->_skipBody)
    {
        return 1; // a response to HEAD: no body whatever the headers say
    }
    return 0;
}

int MessageParser::onBody(http_parser* parser, const char* at, std::size_t length)
{
    MessageParser* me = self(parser);
    if (me->_sink != nullptr)
    {
        me->_sink->onBodyData(at, length);
    }
    return 0;
}

int MessageParser::onMessageComplete(http_parser* parser)
{
    MessageParser* me = self(parser);
    me->_complete = true;
    if (me->_sink != nullptr)
    {
        me->_sink->onBodyComplete();
    }
    // Pause so that bytes of a pipelined next message stay unconsumed.
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace portico::http

