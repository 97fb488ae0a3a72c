#pragma once

// A growable byte buffer with a read cursor. Connections keep one per direction for their
// whole life, so after the first requests its capacity is reused and the data path allocates
// nothing per request.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace portico::util
{

class Buffer
{
public:
    const char* data() const { return _bytes.data() + _begin; }
    char* data() { return _bytes.data() + _begin; }
    std::size_t size() const { return _end - _begin; }
    bool empty() const { return _begin == _end; }
    std::string_view view() const { return {data(), size()}; }

    void append(const char* bytes, std::size_t length)
    {
        if (length == 0)
        {
            return; // an empty view may carry a null pointer, which memcpy must not see
        }
        char* target = prepare(length);
        std::memcpy(target, bytes, length);
        _end += length;
    }
    void append(std::string_view text) { append(text.data(), text.size()); }
    void append(char c) { append(&c, 1); }
    // A number in decimal, for status codes and Content-Length values.
    void appendDecimal(std::uint64_t value)
    {
        char digits[20];
        char* cursor = digits + sizeof digits;
        do
        {
            *--cursor = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value != 0);
        append(cursor, static_cast<std::size_t>(digits + sizeof digits - cursor));
    }

    // Space for at least length more bytes at the end; call commit() with what was written.
    char* prepare(std::size_t length)
    {
        if (_bytes.size() - _end < length)
        {
            if (_begin > 0 && _bytes.size() - size() >= length && _begin >= size())
            {
                compact();
            }
            else
            {
                std::size_t wanted = _end + length;
                std::size_t grown = _bytes.size() < 4096 ? 4096 : _bytes.size() * 2;
                _bytes.resize(wanted > grown ? wanted : grown);
            }
        }
        return _bytes.data() + _end;
    }
    void commit(std::size_t length) { _end += length; }
    std::size_t writable() const { return _bytes.size() - _end; }

    void consume(std::size_t length)
    {
        _begin += length;
        if (_begin >= _end)
        {
            _begin = _end = 0;
        }
    }
    void clear() { _begin = _end = 0; }
    // Gives the storage back when nothing is held: for a connection that has gone idle.
    void release()
    {
        if (empty()) std::vector<char>().swap(_bytes);
    }
    std::size_t capacity() const { return _bytes.size(); }

    // Drops storage beyond keep bytes when an unusual request made the buffer large.
    void shrink(std::size_t keep)
    {
        if (empty() && _bytes.size() > keep)
        {
            _bytes.resize(keep);
            _bytes.shrink_to_fit();
        }
    }

private:
    void compact()
    {
        std::memmove(_bytes.data(), _bytes.data() + _begin, size());
        _end -= _begin;
        _begin = 0;
    }

    std::vector<char> _bytes;
    std::size_t _begin = 0;
    std::size_t _end = 0;
};

} // namespace portico::util
