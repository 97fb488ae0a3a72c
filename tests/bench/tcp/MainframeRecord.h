#pragma once

// The "mainframe" balance enquiry of tests/demo/tcp/legacy_tcp_service.py, as the benchmark's peer
// and raw client speak it: a 2-byte big-endian length (not counting itself), then a fixed-width IBM037
// record. Request: txn "BAL1" (4), account (10). Reply: rc (2), account (10), balance (13, implied 2
// decimals, zero-padded), currency (3). Header-only so that both programs stay single files with no
// library between them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace portico::bench
{

constexpr std::size_t kHeaderBytes = 2;
constexpr std::size_t kRequestBytes = 14;
constexpr std::size_t kReplyBytes = 28;
// Larger frames than any this protocol has: a peer or client that sees one is out of step.
constexpr std::size_t kMaxRecordBytes = 1024;

// IBM037 for the few characters the records use. A full code page would be dead weight here: the
// benchmark's records hold only digits, capitals, blanks and a sign.
inline const std::array<unsigned char, 128>& ibm037Table()
{
    static const std::array<unsigned char, 128> table = []
    {
        std::array<unsigned char, 128> t{}; // 0: not in the table
        for (int i = 0; i < 10; ++i)
        {
            t['0' + i] = static_cast<unsigned char>(0xF0 + i);
        }
        // The letters sit in three runs with gaps between them (A-I, J-R, S-Z).
        for (int i = 0; i < 9; ++i)
        {
            t['A' + i] = static_cast<unsigned char>(0xC1 + i);
            t['J' + i] = static_cast<unsigned char>(0xD1 + i);
        }
        for (int i = 0; i < 8; ++i)
        {
            t['S' + i] = static_cast<unsigned char>(0xE2 + i);
        }
        t[' '] = 0x40;
        t['-'] = 0x60;
        return t;
    }();
    return table;
}

inline std::string toIbm037(const std::string& text)
{
    std::string encoded;
    encoded.reserve(text.size());
    for (char c : text)
    {
        const unsigned char ascii = static_cast<unsigned char>(c);
        const unsigned char ebcdic = ascii < 128 ? ibm037Table()[ascii] : 0;
        if (ebcdic == 0)
        {
            throw std::invalid_argument(std::string("no IBM037 code for '") + c +
                                        "' in the benchmark's table");
        }
        encoded.push_back(static_cast<char>(ebcdic));
    }
    return encoded;
}

inline std::string frame(const std::string& record)
{
    std::string framed;
    framed.reserve(kHeaderBytes + record.size());
    framed.push_back(static_cast<char>((record.size() >> 8) & 0xFF));
    framed.push_back(static_cast<char>(record.size() & 0xFF));
    framed += record;
    return framed;
}

inline std::size_t frameLength(const char* header)
{
    return (static_cast<std::size_t>(static_cast<unsigned char>(header[0])) << 8) |
           static_cast<unsigned char>(header[1]);
}

} // namespace portico::bench
