#include "JsonSyntax.h"

namespace portico::fuzz
{

namespace
{

// Deeper text is refused rather than read: the reader recurses, and no writer under test nests
// this deep.
constexpr int maxDepth = 512;

class Reader
{
public:
    Reader(std::string_view text, std::string& error) : _text(text), _error(error) {}

    bool document(std::vector<std::string>* names)
    {
        if (!value(0, names)) return false;
        skipSpace();
        return _at == _text.size() || failed("text after the value");
    }

private:
    bool failed(const char* reason)
    {
        _error = std::string(reason) + " at byte " + std::to_string(_at);
        return false;
    }

    bool more() const { return _at < _text.size(); }
    char next() const { return _text[_at]; }

    void skipSpace()
    {
        while (more() && (next() == ' ' || next() == '\t' || next() == '\n' || next() == '\r'))
            ++_at;
    }

    bool literal(std::string_view word)
    {
        if (_text.substr(_at, word.size()) != word) return failed("not a JSON value");
        _at += word.size();
        return true;
    }

    bool digits()
    {
        const std::size_t begin = _at;
        while (more() && next() >= '0' && next() <= '9')
            ++_at;
        return _at > begin || failed("a number without digits");
    }

    bool number()
    {
        if (next() == '-') ++_at;
        if (more() && next() == '0')
            ++_at;
        else if (!digits())
            return false;
        if (more() && next() == '.')
        {
            ++_at;
            if (!digits()) return false;
        }
        if (more() && (next() == 'e' || next() == 'E'))
        {
            ++_at;
            if (more() && (next() == '+' || next() == '-')) ++_at;
            if (!digits()) return false;
        }
        return true;
    }

    // One UTF-8 sequence starting at _at: the shortest form, no surrogate, at most U+10FFFF.
    bool utf8Sequence()
    {
        const auto lead = static_cast<unsigned char>(next());
        std::size_t length = 0;
        unsigned long code = 0;
        if (lead >= 0xC2 && lead <= 0xDF)
            length = 2, code = lead & 0x1F;
        else if (lead >= 0xE0 && lead <= 0xEF)
            length = 3, code = lead & 0x0F;
        else if (lead >= 0xF0 && lead <= 0xF4)
            length = 4, code = lead & 0x07;
        else
            return failed("a byte that starts no UTF-8 sequence");
        if (_at + length > _text.size()) return failed("a UTF-8 sequence cut short");
        for (std::size_t i = 1; i < length; ++i)
        {
            const auto byte = static_cast<unsigned char>(_text[_at + i]);
            if ((byte & 0xC0) != 0x80) return failed("a UTF-8 sequence cut short");
            code = (code << 6) | (byte & 0x3F);
        }
        if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
            (code >= 0xD800 && code <= 0xDFFF))
            return failed("an overlong or out-of-range UTF-8 sequence");
        _at += length;
        return true;
    }

    bool string(std::string* text)
    {
        const std::size_t begin = ++_at;
        while (more() && next() != '"')
        {
            const auto c = static_cast<unsigned char>(next());
            if (c < 0x20) return failed("a raw control character in a string");
            if (c >= 0x80)
            {
                if (!utf8Sequence()) return false;
                continue;
            }
            ++_at;
            if (c != '\\') continue;
            if (!more()) break;
            const char escape = next();
            ++_at;
            if (escape == 'u')
            {
                for (int i = 0; i < 4; ++i, ++_at)
                {
                    if (!more() ||
                        std::string_view("0123456789abcdefABCDEF").find(next()) == std::string_view::npos)
                        return failed("a \\u escape without four hex digits");
                }
            }
            else if (std::string_view("\"\\/bfnrt").find(escape) == std::string_view::npos)
            {
                return failed("an unknown escape");
            }
        }
        if (!more()) return failed("an unterminated string");
        if (text) text->assign(_text.substr(begin, _at - begin));
        ++_at;
        return true;
    }

    bool container(char close, int depth, std::vector<std::string>* names)
    {
        ++_at;
        skipSpace();
        if (more() && next() == close)
        {
            ++_at;
            return true;
        }
        for (;;)
        {
            if (close == '}')
            {
                skipSpace();
                std::string name;
                if (!more() || next() != '"') return failed("an object member without a name");
                if (!string(names ? &name : nullptr)) return false;
                if (names) names->push_back(std::move(name));
                skipSpace();
                if (!more() || next() != ':') return failed("a member name without ':'");
                ++_at;
            }
            if (!value(depth + 1, nullptr)) return false;
            skipSpace();
            if (!more()) return failed("an unterminated array or object");
            const char c = next();
            ++_at;
            if (c == close) return true;
            if (c != ',') return failed("neither ',' nor the end of an array or object");
        }
    }

    bool value(int depth, std::vector<std::string>* names)
    {
        skipSpace();
        if (!more()) return failed("no value");
        if (depth > maxDepth) return failed("nested too deep");
        switch (next())
        {
        case '{':
            return container('}', depth, names);
        case '[':
            return container(']', depth, nullptr);
        case '"':
            return string(nullptr);
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return (next() == '-' || (next() >= '0' && next() <= '9')) ? number()
                                                                       : failed("not a JSON value");
        }
    }

    std::string_view _text;
    std::string& _error;
    std::size_t _at = 0;
};

} // namespace

bool readJson(std::string_view text, std::string& error, std::vector<std::string>* names)
{
    if (names) names->clear();
    return Reader(text, error).document(names);
}

} // namespace portico::fuzz
