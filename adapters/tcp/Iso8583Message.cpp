#include "tcp/Iso8583Message.h"

#include "tcp/EbcdicTables.h"

#include <cstdint>

namespace portico::tcp
{

namespace
{

using Type = Iso8583Field::Type;
using Prefix = Iso8583Field::Prefix;
using Digits = Iso8583Spec::Digits;
using Characters = Iso8583Spec::Characters;

constexpr char hexDigits[] = "0123456789ABCDEF";

// ASCII -> IBM037, for the printable ASCII that text fields hold (every one has a mapping).
const std::array<unsigned char, 128>& asciiToEbcdic()
{
    static const std::array<unsigned char, 128> table = []
    {
        std::array<unsigned char, 128> reverse{};
        for (int byte = 0; byte < 256; ++byte)
        {
            const std::uint8_t codePoint = ibm037ToUnicode[static_cast<std::size_t>(byte)];
            if (codePoint < 128) reverse[codePoint] = static_cast<unsigned char>(byte);
        }
        return reverse;
    }();
    return table;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isLetter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool isPrintable(char c)
{
    return c >= 0x20 && c <= 0x7E;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// The first character type does not allow, or npos.
std::size_t firstDisallowed(Type type, std::string_view value)
{
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        const char c = value[i];
        bool allowed = false;
        switch (type)
        {
        case Type::N:
            allowed = isDigit(c);
            break;
        case Type::A:
            allowed = isLetter(c) || c == ' ';
            break;
        case Type::AN:
            allowed = isLetter(c) || isDigit(c) || c == ' ';
            break;
        case Type::ANS:
        case Type::NS:
            allowed = isPrintable(c);
            break;
        case Type::Z:
            allowed = isDigit(c) || c == '=' || c == 'D' || c == 'd';
            break;
        case Type::XN:
            allowed = i == 0 ? (c == 'C' || c == 'D') : isDigit(c);
            break;
        case Type::B:
            allowed = hexValue(c) >= 0;
            break;
        }
        if (!allowed) return i;
    }
    return std::string_view::npos;
}

const char* allowedPhrase(Type type)
{
    switch (type)
    {
    case Type::N:
        return "digits only";
    case Type::A:
        return "letters and spaces only";
    case Type::AN:
        return "letters, digits and spaces only";
    case Type::ANS:
    case Type::NS:
        return "printable ASCII only";
    case Type::Z:
        return "digits, '=' and 'D' only";
    case Type::XN:
        return "'C' or 'D' and then digits only";
    case Type::B:
        return "hexadecimal digits only";
    }
    return "";
}

// "'x' at position 4: digits only".
std::string disallowedPhrase(Type type, const std::string& value, std::size_t index)
{
    return "'" + std::string(1, value[index]) + "' at position " + std::to_string(index + 1) + ": " +
           allowedPhrase(type);
}

std::string fieldName(int number, const Iso8583Field& field)
{
    return "field " + std::to_string(number) + " (" + field.notation() + ")";
}

// Units of value as the field counts them: characters, or bytes for binary (two hex digits each).
std::size_t unitsOf(const Iso8583Field& field, const std::string& value)
{
    return field.type == Type::B ? value.size() / 2 : value.size();
}

class Writer
{
public:
    Writer(const Iso8583Spec& spec, std::string& out) : _spec(spec), _out(out) {}

    void digits(std::string_view value, Digits encoding)
    {
        switch (encoding)
        {
        case Digits::Ascii:
            _out.append(value);
            return;
        case Digits::Ebcdic:
            for (char c : value)
                _out.push_back(static_cast<char>(0xF0 + (c - '0')));
            return;
        case Digits::Bcd:
        {
            // An odd count is padded on the left, so the value stays right-aligned.
            std::size_t i = 0;
            if (value.size() % 2 != 0)
            {
                _out.push_back(static_cast<char>(value[0] - '0'));
                i = 1;
            }
            for (; i < value.size(); i += 2)
                _out.push_back(static_cast<char>(((value[i] - '0') << 4) | (value[i + 1] - '0')));
            return;
        }
        }
    }

    void text(std::string_view value)
    {
        if (_spec.text == Characters::Ascii)
        {
            _out.append(value);
            return;
        }
        for (char c : value)
            _out.push_back(static_cast<char>(asciiToEbcdic()[static_cast<unsigned char>(c) & 0x7F]));
    }

    void bytesFromHex(std::string_view hex)
    {
        for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
            _out.push_back(static_cast<char>((hexValue(hex[i]) << 4) | hexValue(hex[i + 1])));
    }

    void bitmap(const std::array<bool, Iso8583Spec::highestField + 1>& present, int first)
    {
        unsigned char bytes[8] = {};
        for (int bit = 0; bit < 64; ++bit)
            if (present[static_cast<std::size_t>(first + bit)])
                bytes[bit / 8] |= static_cast<unsigned char>(0x80 >> (bit % 8));
        if (_spec.bitmap == Iso8583Spec::Bitmap::Binary)
        {
            _out.append(reinterpret_cast<const char*>(bytes), 8);
            return;
        }
        std::string hex;
        for (unsigned char byte : bytes)
        {
            hex.push_back(hexDigits[byte >> 4]);
            hex.push_back(hexDigits[byte & 0x0F]);
        }
        text(hex);
    }

    void length(std::size_t units, Prefix prefix)
    {
        std::string digitsText = std::to_string(units);
        digitsText.insert(0, (prefix == Prefix::LL ? 2 : 3) - digitsText.size(), '0');
        digits(digitsText, _spec.lengths);
    }

    void value(const Iso8583Field& field, const std::string& value)
    {
        if (field.prefix != Prefix::Fixed) length(unitsOf(field, value), field.prefix);
        if (field.type == Type::N)
            digits(value, _spec.numbers);
        else if (field.type == Type::B)
            bytesFromHex(value);
        else
            text(value);
    }

private:
    const Iso8583Spec& _spec;
    std::string& _out;
};

class Reader
{
public:
    Reader(const Iso8583Spec& spec, std::string_view bytes) : _spec(spec), _bytes(bytes) {}

    std::size_t position() const { return _at; }
    bool atEnd() const { return _at == _bytes.size(); }
    std::size_t left() const { return _bytes.size() - _at; }

    bool digits(std::size_t count, Digits encoding, std::string& out, std::string& problem)
    {
        out.clear();
        const std::size_t need = encoding == Digits::Bcd ? (count + 1) / 2 : count;
        if (!take(need, problem)) return false;
        const std::string_view raw = _bytes.substr(_at - need, need);
        for (std::size_t i = 0; i < raw.size(); ++i)
        {
            const auto byte = static_cast<unsigned char>(raw[i]);
            if (encoding == Digits::Ascii)
            {
                if (!isDigit(raw[i])) return notDigit(i, byte, problem);
                out.push_back(raw[i]);
            }
            else if (encoding == Digits::Ebcdic)
            {
                if (byte < 0xF0 || byte > 0xF9) return notDigit(i, byte, problem);
                out.push_back(static_cast<char>('0' + (byte - 0xF0)));
            }
            else
            {
                const int high = byte >> 4, low = byte & 0x0F;
                if (high > 9 || low > 9) return notDigit(i, byte, problem);
                if (!(i == 0 && count % 2 != 0)) out.push_back(static_cast<char>('0' + high));
                out.push_back(static_cast<char>('0' + low));
            }
        }
        return true;
    }

    bool text(std::size_t count, std::string& out, std::string& problem)
    {
        out.clear();
        if (!take(count, problem)) return false;
        const std::string_view raw = _bytes.substr(_at - count, count);
        for (std::size_t i = 0; i < raw.size(); ++i)
        {
            const auto byte = static_cast<unsigned char>(raw[i]);
            const unsigned codePoint = _spec.text == Characters::Ascii ? byte : ibm037ToUnicode[byte];
            if (codePoint < 0x20 || codePoint > 0x7E)
            {
                problem = "byte 0x" + hex(byte) + " at offset " + std::to_string(_at - count + i) +
                          " is not a printable character";
                return false;
            }
            out.push_back(static_cast<char>(codePoint));
        }
        return true;
    }

    bool hexBytes(std::size_t count, std::string& out, std::string& problem)
    {
        out.clear();
        if (!take(count, problem)) return false;
        for (char c : _bytes.substr(_at - count, count))
            out += hex(static_cast<unsigned char>(c));
        return true;
    }

    bool bitmap(std::array<bool, Iso8583Spec::highestField + 1>& present, int first, std::string& problem)
    {
        std::string bytes;
        if (_spec.bitmap == Iso8583Spec::Bitmap::Binary)
        {
            if (!take(8, problem)) return false;
            bytes = std::string(_bytes.substr(_at - 8, 8));
        }
        else
        {
            std::string hexText;
            if (!text(16, hexText, problem)) return false;
            for (std::size_t i = 0; i < 16; i += 2)
            {
                const int high = hexValue(hexText[i]), low = hexValue(hexText[i + 1]);
                if (high < 0 || low < 0)
                {
                    problem = "the bitmap \"" + hexText + "\" is not hexadecimal";
                    return false;
                }
                bytes.push_back(static_cast<char>((high << 4) | low));
            }
        }
        for (int bit = 0; bit < 64; ++bit)
            present[static_cast<std::size_t>(first + bit)] =
                (static_cast<unsigned char>(bytes[static_cast<std::size_t>(bit / 8)]) &
                 (0x80 >> (bit % 8))) != 0;
        return true;
    }

    bool value(const Iso8583Field& field, std::string& out, std::string& problem)
    {
        std::size_t units = field.size;
        if (field.prefix != Prefix::Fixed)
        {
            std::string lengthText;
            if (!digits(field.prefix == Prefix::LL ? 2 : 3, _spec.lengths, lengthText, problem)) return false;
            units = std::stoul(lengthText);
            if (units > field.size)
            {
                problem = "its length prefix says " + std::to_string(units) + ", more than its maximum";
                return false;
            }
        }
        if (field.type == Type::N) return digits(units, _spec.numbers, out, problem);
        if (field.type == Type::B) return hexBytes(units, out, problem);
        if (!text(units, out, problem)) return false;
        const std::size_t bad = firstDisallowed(field.type, out);
        if (bad != std::string_view::npos)
        {
            problem = disallowedPhrase(field.type, out, bad);
            return false;
        }
        return true;
    }

private:
    static std::string hex(unsigned char byte)
    {
        return std::string{hexDigits[byte >> 4], hexDigits[byte & 0x0F]};
    }

    bool take(std::size_t count, std::string& problem)
    {
        if (left() < count)
        {
            problem = "the message ends " + std::to_string(count - left()) + " bytes short (after " +
                      std::to_string(_bytes.size()) + " bytes)";
            return false;
        }
        _at += count;
        return true;
    }

    bool notDigit(std::size_t index, unsigned char byte, std::string& problem) const
    {
        (void)index;
        problem = "byte 0x" + hex(byte) + " is not a digit";
        return false;
    }

    const Iso8583Spec& _spec;
    std::string_view _bytes;
    std::size_t _at = 0;
};

} // namespace

bool Iso8583Message::normalise(const Iso8583Field& field, std::string& value, std::string& problem)
{
    const std::size_t bad = firstDisallowed(field.type, value);
    if (bad != std::string_view::npos)
    {
        problem = disallowedPhrase(field.type, value, bad);
        return false;
    }
    if (field.type == Type::B && value.size() % 2 != 0)
    {
        problem = "an odd number of hexadecimal digits";
        return false;
    }
    const std::size_t units = unitsOf(field, value);
    if (units > field.size)
    {
        problem = std::to_string(units) + (field.type == Type::B ? " bytes" : " characters") +
                  ", more than " + std::to_string(field.size);
        return false;
    }
    if (field.prefix != Prefix::Fixed || units == field.size) return true;
    if (field.type == Type::N)
        value.insert(0, field.size - units, '0');
    else if (field.type == Type::B || field.type == Type::XN)
    {
        problem = std::to_string(units) + (field.type == Type::B ? " bytes" : " characters") + ", not " +
                  std::to_string(field.size);
        return false;
    }
    else
        value.append(field.size - units, ' ');
    return true;
}

std::string Iso8583Message::matchKey(const Iso8583Spec& spec, std::string_view bytes)
{
    if (spec.stanField <= 0) return {};
    Iso8583Message message;
    std::string problem;
    // Only the fields up to the STAN are read: the reply codec reads the whole message later.
    if (!message.unpack(spec, bytes, problem, spec.stanField)) return {};
    const std::optional<std::string>& stan = message.values[static_cast<std::size_t>(spec.stanField)];
    return stan ? *stan : std::string();
}

bool Iso8583Message::pack(const Iso8583Spec& spec, std::string& out, std::string& problem) const
{
    if (mti.size() != 4 || firstDisallowed(Type::N, mti) != std::string_view::npos)
    {
        problem = "the MTI '" + mti + "' is not four digits";
        return false;
    }
    std::array<bool, Iso8583Spec::highestField + 1> present{};
    bool secondary = false;
    for (int number = 2; number <= Iso8583Spec::highestField; ++number)
    {
        if (!values[static_cast<std::size_t>(number)]) continue;
        present[static_cast<std::size_t>(number)] = true;
        secondary = secondary || number > 64;
    }
    present[1] = secondary;
    Writer writer(spec, out);
    writer.digits(mti, spec.mti);
    writer.bitmap(present, 1);
    if (secondary) writer.bitmap(present, 65);
    for (int number = 2; number <= Iso8583Spec::highestField; ++number)
    {
        const std::optional<std::string>& value = values[static_cast<std::size_t>(number)];
        if (!value) continue;
        const Iso8583Field& field = spec.fields[static_cast<std::size_t>(number)];
        if (!field.defined)
        {
            problem = "field " + std::to_string(number) + " is not defined for this peer";
            return false;
        }
        std::string normalised = *value;
        if (!normalise(field, normalised, problem))
        {
            problem = fieldName(number, field) + ": " + problem;
            return false;
        }
        writer.value(field, normalised);
    }
    return true;
}

bool Iso8583Message::unpack(const Iso8583Spec& spec, std::string_view bytes, std::string& problem,
                            int lastField)
{
    Reader reader(spec, bytes);
    if (!reader.digits(4, spec.mti, mti, problem))
    {
        problem = "the MTI: " + problem;
        return false;
    }
    std::array<bool, Iso8583Spec::highestField + 1> present{};
    if (!reader.bitmap(present, 1, problem) || (present[1] && !reader.bitmap(present, 65, problem)))
    {
        problem = "the bitmap: " + problem;
        return false;
    }
    for (int number = 2; number <= Iso8583Spec::highestField; ++number)
    {
        values[static_cast<std::size_t>(number)].reset();
        if (number > lastField) continue;
        if (!present[static_cast<std::size_t>(number)]) continue;
        const Iso8583Field& field = spec.fields[static_cast<std::size_t>(number)];
        if (!field.defined)
        {
            problem = "the bitmap announces field " + std::to_string(number) + ", which is not defined";
            return false;
        }
        const std::size_t at = reader.position();
        std::string value;
        if (!reader.value(field, value, problem))
        {
            problem = fieldName(number, field) + " at byte " + std::to_string(at) + ": " + problem;
            return false;
        }
        values[static_cast<std::size_t>(number)] = std::move(value);
    }
    if (lastField >= Iso8583Spec::highestField && !reader.atEnd())
    {
        problem = std::to_string(reader.left()) + " bytes follow the last field";
        return false;
    }
    return true;
}

} // namespace portico::tcp
