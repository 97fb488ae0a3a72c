#include "soap/Base64.h"

#include <openssl/evp.h>

#include <vector>

namespace portico::soap
{

std::string encodeBase64(std::string_view bytes)
{
    std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
    const int length = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                       static_cast<int>(bytes.size()));
    return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(length));
}

namespace
{

int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

bool isXmlSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

bool decodeBase64(std::string_view text, std::string& bytes)
{
    bytes.clear();
    bytes.reserve(text.size() / 4 * 3);
    unsigned bits = 0;
    int count = 0;   // sextets in the current quantum
    int padding = 0; // '=' seen: only more '=' (and white space) may follow
    for (const char c : text)
    {
        if (isXmlSpace(c)) continue;
        if (c == '=')
        {
            if (count < 2 || count + padding >= 4) return false;
            ++padding;
            continue;
        }
        const int value = sextet(c);
        if (value < 0 || padding > 0) return false;
        bits = (bits << 6) | static_cast<unsigned>(value);
        if (++count == 4)
        {
            bytes += static_cast<char>((bits >> 16) & 0xFF);
            bytes += static_cast<char>((bits >> 8) & 0xFF);
            bytes += static_cast<char>(bits & 0xFF);
            bits = 0;
            count = 0;
        }
    }
    if (count == 0) return padding == 0;
    if (count == 1 || count + padding != 4) return false;
    if (count == 2) bytes += static_cast<char>((bits >> 4) & 0xFF);
    if (count == 3)
    {
        bytes += static_cast<char>((bits >> 10) & 0xFF);
        bytes += static_cast<char>((bits >> 2) & 0xFF);
    }
    return true;
}

} // namespace portico::soap
