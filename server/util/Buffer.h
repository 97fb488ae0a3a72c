#pragma once

// A growable byte buffer with a read cursor. Connections keep one per direction for their
// whole life, so after the first requests its capacity is reused and the data path allocates
// nothing per request.
//
// The storage is left uninitialised: a socket read may reserve up to 16 KiB (net/ReadWindow.h)
// but usually fills a few hundred bytes, and only the pages written to become resident. Zeroing it (as
// std::vector does) made every reserved page resident: 32 KiB per busy client connection with its upstream
// one, whatever the size of the messages.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace portico::util
{

class Buffer
{
public:
    const char* data() const { return _bytes.get() + _begin; }
    char* data() { return _bytes.get() + _begin; }
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
        if (_capacity - _end < length)
        {
            if (_begin > 0 && _capacity - size() >= length && _begin >= size())
            {
                compact();
            }
            else
            {
                std::size_t wanted = size() + length;
                std::size_t grown = _capacity < minimumCapacity ? minimumCapacity : _capacity * 2;
                reallocate(wanted > grown ? wanted : grown);
            }
        }
        return _bytes.get() + _end;
    }
    void commit(std::size_t length) { _end += length; }
    std::size_t writable() const { return _capacity - _end; }

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
        if (empty())
        {
            _bytes.reset();
            _capacity = 0;
            _begin = _end = 0;
        }
    }
    std::size_t capacity() const { return _capacity; }

    // Drops storage beyond keep bytes when an unusual request made the buffer large.
    void shrink(std::size_t keep)
    {
        if (empty() && _capacity > keep)
        {
            reallocate(keep);
        }
    }

private:
    // Response heads and upstream request heads are a few hundred bytes; a larger message
    // doubles the storage a few times, once per connection.
    static constexpr std::size_t minimumCapacity = 1024;

    void compact()
    {
        std::memmove(_bytes.get(), _bytes.get() + _begin, size());
        _end -= _begin;
        _begin = 0;
    }
    // New storage of exactly capacity bytes holding the unread bytes at its start.
    void reallocate(std::size_t capacity)
    {
        std::unique_ptr<char[]> moved(capacity > 0 ? new char[capacity] : nullptr);
        const std::size_t held = size();
        if (held > 0)
        {
            std::memcpy(moved.get(), _bytes.get() + _begin, held);
        }
        _bytes = std::move(moved);
        _capacity = capacity;
        _begin = 0;
        _end = held;
    }

    std::unique_ptr<char[]> _bytes;
    std::size_t _capacity = 0;
    std::size_t _begin = 0;
    std::size_t _end = 0;
};

} // namespace portico::util
