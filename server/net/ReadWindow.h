#pragma once

// How much room a connection offers its next socket read. Most requests and answers are a few
// hundred bytes, so a connection starts with a small window and its buffer stays small: with
// 1,000 busy connections, 16 KiB per read buffer on the client and upstream sides was most of the
// gateway's memory. The first read that fills the window shows the peer sends more than that;
// from then on the connection reads in large windows, so a large body costs one extra read per
// connection, not one per window. reset() goes back to small when the connection gives its
// buffers back while idle.

#include <cstddef>

namespace portico::net
{

class ReadWindow
{
public:
    static constexpr std::size_t small = 2 * 1024;
    static constexpr std::size_t large = 16 * 1024;

    std::size_t next() const { return _large ? large : small; }
    // After a read that was offered offered bytes and got got of them.
    void observe(std::size_t offered, std::size_t got)
    {
        if (got == offered)
        {
            _large = true;
        }
    }
    void reset() { _large = false; }

private:
    bool _large = false;
};

} // namespace portico::net
