#pragma once

// Stable copies of short strings for the life of one exchange: views into the arena stay valid
// until clear(), which keeps the first block so a connection's later requests allocate nothing.

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace portico::util
{

class StringArena
{
public:
    std::string_view copy(std::string_view text)
    {
        if (text.empty())
        {
            return {};
        }
        if (_blocks.empty() || _used + text.size() > _blocks.back().size)
        {
            grow(text.size());
        }
        char* target = _blocks.back().bytes.get() + _used;
        std::memcpy(target, text.data(), text.size());
        _used += text.size();
        return {target, text.size()};
    }

    void clear()
    {
        if (_blocks.size() > 1)
        {
            _blocks.resize(1);
        }
        _used = 0;
    }

    // Gives every block back: for a connection that has gone idle. Views into it become invalid.
    void release()
    {
        std::vector<Block>().swap(_blocks);
        _used = 0;
    }

private:
    static constexpr std::size_t firstBlockSize = 1024;

    struct Block
    {
        std::unique_ptr<char[]> bytes;
        std::size_t size = 0;
    };

    void grow(std::size_t atLeast)
    {
        std::size_t size = _blocks.empty() ? firstBlockSize : _blocks.back().size * 2;
        if (size < atLeast)
        {
            size = atLeast;
        }
        _blocks.push_back(Block{std::make_unique<char[]>(size), size});
        _used = 0;
    }

    std::vector<Block> _blocks;
    std::size_t _used = 0;
};

} // namespace portico::util
