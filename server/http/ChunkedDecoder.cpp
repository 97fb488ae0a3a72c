#include "http/ChunkedDecoder.h"

#include "http/TokenChars.h"

#include <cstring>

namespace portico::http
{

namespace
{

constexpr std::size_t maxExtensionBytes = 4096;
constexpr std::size_t maxTrailerBytes = 16 * 1024;

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
    {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f')
    {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F')
    {
        return c - 'A' + 10;
    }
    return -1;
}

bool isValueChar(char c)
{
    unsigned char u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

} // namespace

void ChunkedDecoder::reset()
{
    _state = State::Size;
    _size = 0;
    _sizeDigits = 0;
    _lineBytes = 0;
    _trailerBytes = 0;
}

std::size_t ChunkedDecoder::feed(const char* data, std::size_t length, BodySink& sink, const char*& error)
{
    error = nullptr;
    std::size_t i = 0;
    while (i < length && _state != State::Done)
    {
        char c = data[i];
        switch (_state)
        {
        case State::Size:
        {
            int digit = hexValue(c);
            if (digit >= 0)
            {
                if (++_sizeDigits > 15) // 2^60 bytes is more than enough; never overflow
                {
                    error = "chunk size too large";
                    return i;
                }
                _size = (_size << 4) | static_cast<std::uint64_t>(digit);
                ++i;
                break;
            }
            if (_sizeDigits == 0)
            {
                error = "invalid chunk size";
                return i;
            }
            if (c == ';')
            {
                _state = State::Extension;
                _lineBytes = 0;
            }
            else if (c == ' ' || c == '\t')
            {
                _state = State::SizeSpace;
            }
            else if (c == '\r')
            {
                _state = State::SizeLf;
            }
            else
            {
                error = "invalid chunk size";
                return i;
            }
            ++i;
            break;
        }
        case State::SizeSpace:
            if (c == ';')
            {
                _state = State::Extension;
                _lineBytes = 0;
            }
            else if (c != ' ' && c != '\t')
            {
                error = "invalid chunk size line";
                return i;
            }
            ++i;
            break;
        case State::Extension:
            if (c == '\r')
            {
                _state = State::SizeLf;
            }
            else if (!isValueChar(c) || ++_lineBytes > maxExtensionBytes)
            {
                error = "invalid chunk extension";
                return i;
            }
            ++i;
            break;
        case State::SizeLf:
            if (c != '\n')
            {
                error = "chunk size line not terminated by CRLF";
                return i;
            }
            ++i;
            _state = _size == 0 ? State::TrailerStart : State::Data;
            break;
        case State::Data:
        {
            std::size_t available = length - i;
            std::size_t take = _size < available ? static_cast<std::size_t>(_size) : available;
            sink.onBodyData(data + i, take);
            i += take;
            _size -= take;
            if (_size == 0)
            {
                _state = State::DataCr;
            }
            break;
        }
        case State::DataCr:
            if (c != '\r')
            {
                error = "chunk data not followed by CRLF";
                return i;
            }
            ++i;
            _state = State::DataLf;
            break;
        case State::DataLf:
            if (c != '\n')
            {
                error = "chunk data not followed by CRLF";
                return i;
            }
            ++i;
            _state = State::Size;
            _size = 0;
            _sizeDigits = 0;
            break;
        case State::TrailerStart:
            if (c == '\r')
            {
                _state = State::FinalLf;
            }
            else if (isTokenChar(static_cast<unsigned char>(c)))
            {
                _state = State::TrailerName;
            }
            else
            {
                error = "malformed trailer field";
                return i;
            }
            ++i;
            ++_trailerBytes;
            break;
        case State::TrailerName:
            if (c == ':')
            {
                _state = State::TrailerValue;
            }
            else if (!isTokenChar(static_cast<unsigned char>(c)))
            {
                error = "malformed trailer field";
                return i;
            }
            ++i;
            ++_trailerBytes;
            break;
        case State::TrailerValue:
            if (c == '\r')
            {
                _state = State::TrailerLf;
            }
            else if (!isValueChar(c))
            {
                error = "malformed trailer field";
                return i;
            }
            ++i;
            ++_trailerBytes;
            break;
        case State::TrailerLf:
            if (c != '\n')
            {
                error = "trailer line not terminated by CRLF";
                return i;
            }
            ++i;
            ++_trailerBytes;
            _state = State::TrailerStart;
            break;
        case State::FinalLf:
            if (c != '\n')
            {
                error = "chunked body not terminated by CRLF";
                return i;
            }
            ++i;
            _state = State::Done;
            sink.onBodyComplete();
            break;
        case State::Done:
            break;
        }
        if (_trailerBytes > maxTrailerBytes)
        {
            error = "trailer section too large";
            return i;
        }
    }
    return i;
}

} // namespace portico::http
