#include "tcp/Charset.h"

#include "tcp/EbcdicTables.h"
#include "tcp/SingleByteCharset.h"
#include "tcp/Utf8.h"
#include "tcp/Utf8Charset.h"

#include <cstdio>

namespace portico::tcp
{

namespace
{

SingleByteCharset::Table usAsciiTable()
{
    SingleByteCharset::Table table;
    for (std::size_t byte = 0; byte < table.size(); ++byte)
    {
        table[byte] = byte < 0x80 ? static_cast<std::int32_t>(byte) : -1;
    }
    return table;
}

SingleByteCharset::Table latin1Table()
{
    SingleByteCharset::Table table;
    for (std::size_t byte = 0; byte < table.size(); ++byte)
    {
        table[byte] = static_cast<std::int32_t>(byte);
    }
    return table;
}

SingleByteCharset::Table widen(const std::array<std::uint8_t, 256>& narrow)
{
    SingleByteCharset::Table table;
    for (std::size_t byte = 0; byte < table.size(); ++byte)
    {
        table[byte] = narrow[byte];
    }
    return table;
}

struct Registry
{
    Utf8Charset utf8;
    SingleByteCharset usAscii{"US-ASCII", usAsciiTable()};
    SingleByteCharset latin1{"ISO-8859-1", latin1Table()};
    SingleByteCharset ibm037{"IBM037", widen(ibm037ToUnicode)};
    SingleByteCharset ibm1047{"IBM1047", widen(ibm1047ToUnicode)};
};

const Registry& registry()
{
    static const Registry instance; // thread-safe initialisation (C++11 magic statics)
    return instance;
}

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
    {
        c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    }
    return out;
}

} // namespace

bool Charset::encodeUtf8(std::string_view utf8, std::string& out, std::string& problem) const
{
    std::u32string text;
    std::size_t bad = 0;
    if (!Utf8::decode(utf8, text, bad))
    {
        problem = "is not valid UTF-8 (at byte " + std::to_string(bad) + ")";
        return false;
    }
    out.clear();
    if (!encode(text, out, bad))
    {
        problem = unmappedPhrase(text[bad]);
        return false;
    }
    return true;
}

bool Charset::decodeToUtf8(std::string_view bytes, std::string& utf8, std::string& problem) const
{
    std::u32string text;
    std::size_t bad = 0;
    if (!decode(bytes, text, bad))
    {
        problem = undecodablePhrase(bytes, bad);
        return false;
    }
    utf8 = Utf8::encode(text);
    return true;
}

std::string Charset::unmappedPhrase(char32_t character) const
{
    return Utf8::describe(character) + " has no mapping in " + name();
}

std::string Charset::undecodablePhrase(std::string_view bytes, std::size_t offset) const
{
    char hex[8] = "";
    if (offset < bytes.size())
    {
        std::snprintf(hex, sizeof hex, "0x%02X",
                      static_cast<unsigned>(static_cast<unsigned char>(bytes[offset])));
    }
    if (!singleByte())
    {
        return std::string("byte ") + hex + " at offset " + std::to_string(offset) + " starts no valid " +
               name() + " sequence";
    }
    return std::string("byte ") + hex + " at offset " + std::to_string(offset) + " has no mapping in " +
           name();
}

const Charset* Charset::find(std::string_view name)
{
    const Registry& charsets = registry();
    const std::string key = upper(name);
    if (key == "UTF-8" || key == "UTF8")
    {
        return &charsets.utf8;
    }
    if (key == "US-ASCII" || key == "ASCII")
    {
        return &charsets.usAscii;
    }
    if (key == "ISO-8859-1" || key == "ISO8859-1" || key == "LATIN1" || key == "LATIN-1")
    {
        return &charsets.latin1;
    }
    if (key == "IBM037" || key == "CP037" || key == "IBM-037")
    {
        return &charsets.ibm037;
    }
    if (key == "IBM1047" || key == "CP1047" || key == "IBM-1047")
    {
        return &charsets.ibm1047;
    }
    return nullptr;
}

std::string Charset::supportedNames()
{
    return "UTF-8, US-ASCII, ISO-8859-1, IBM037, IBM1047";
}

const Charset& Charset::utf8()
{
    return registry().utf8;
}

} // namespace portico::tcp
