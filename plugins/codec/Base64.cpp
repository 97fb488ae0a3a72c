#include <portico/codec/Base64.h>

#include <array>

namespace portico::codec
{

namespace
{

constexpr char standardDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char urlDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

using DecodeTable = std::array<signed char, 256>;

DecodeTable makeTable(const char* digits)
{
    DecodeTable table;
    table.fill(-1);
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(digits[i])] = static_cast<signed char>(i);
    return table;
}

const DecodeTable& tableFor(Base64Alphabet alphabet)
{
    static const DecodeTable standard = makeTable(standardDigits);
    static const DecodeTable url = makeTable(urlDigits);
    return alphabet == Base64Alphabet::Standard ? standard : url;
}

} // namespace

bool decodeBase64(std::string_view text, Base64Alphabet alphabet, Base64Padding padding, std::string& out)
{
    out.clear();
    if (padding == Base64Padding::Required)
    {
        if (text.size() % 4 != 0) return false;
        std::size_t pad = 0;
        while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=')
            ++pad;
        text.remove_suffix(pad);
    }
    if (text.size() % 4 == 1) return false; // no length of bytes ends like that
    const DecodeTable& table = tableFor(alphabet);
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text)
    {
        const signed char value = table[static_cast<unsigned char>(c)];
        if (value < 0) return false;
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    // The bits left over must be zero: "QQ==" is "A", "QR==" is not another spelling of it.
    return (buffer & ((1u << bits) - 1)) == 0;
}

std::string encodeBase64(std::string_view data, Base64Alphabet alphabet, Base64Padding padding)
{
    const char* digits = alphabet == Base64Alphabet::Standard ? standardDigits : urlDigits;
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3)
    {
        const unsigned n = static_cast<unsigned char>(data[i]) << 16 |
                           static_cast<unsigned char>(data[i + 1]) << 8 |
                           static_cast<unsigned char>(data[i + 2]);
        out += {digits[n >> 18], digits[(n >> 12) & 63], digits[(n >> 6) & 63], digits[n & 63]};
    }
    const std::size_t rest = data.size() - i;
    if (rest > 0)
    {
        unsigned n = static_cast<unsigned char>(data[i]) << 16;
        if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
        out += digits[n >> 18];
        out += digits[(n >> 12) & 63];
        if (rest == 2) out += digits[(n >> 6) & 63];
        if (padding == Base64Padding::Required) out.append(rest == 1 ? "==" : "=");
    }
    return out;
}

} // namespace portico::codec
