#include "soap/XsdPattern.h"

#include <cstdint>
#include <cwchar>

// libstdc++'s default std::regex matcher backtracks recursively, one stack frame per character, so
// a long request value could overflow the stack. Its __polynomial mode matches breadth-first, with
// a stack depth bounded by the expression instead of the value. Other standard libraries (and
// UTF-16 wchar_t, as on Windows) have no such guarantee: there, patterns are left to the service.
#if defined(__GLIBCXX__) && WCHAR_MAX > 0xFFFF
constexpr bool patternsCanBeChecked = true;
constexpr auto breadthFirst = std::regex_constants::__polynomial;
#else
constexpr bool patternsCanBeChecked = false;
constexpr auto breadthFirst = std::regex_constants::syntax_option_type{};
#endif

namespace portico::soap
{

namespace
{

constexpr unsigned long maxRepeatCount = 1000;

// The code points of valid UTF-8 (the XML parser and isXmlText have checked it). Sets ascii to
// false when one is above U+007F.
void decodeUtf8(std::string_view text, std::wstring& out, bool& ascii)
{
    ascii = true;
    for (std::size_t i = 0; i < text.size();)
    {
        const unsigned char lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80)
        {
            out.push_back(static_cast<wchar_t>(lead));
            ++i;
            continue;
        }
        ascii = false;
        const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
        std::uint32_t codePoint = lead & (0x3F >> extra);
        for (int k = 1; k <= extra && i + static_cast<std::size_t>(k) < text.size(); ++k)
            codePoint =
                (codePoint << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.push_back(static_cast<wchar_t>(codePoint));
        i += static_cast<std::size_t>(extra) + 1;
    }
}

void appendUtf8(std::string& out, std::uint32_t codePoint)
{
    if (codePoint < 0x80)
    {
        out += static_cast<char>(codePoint);
    }
    else if (codePoint < 0x800)
    {
        out += static_cast<char>(0xC0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
    else if (codePoint < 0x10000)
    {
        out += static_cast<char>(0xE0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
    else
    {
        out += static_cast<char>(0xF0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codePoint & 0x3F));
    }
}

bool isAsciiLetterOrDigit(wchar_t c)
{
    return (c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z') || (c >= L'0' && c <= L'9');
}

// The ASCII characters of XSD's \w: letters, digits and the symbols $ + < = > ^ ` | ~ (every other
// ASCII character is punctuation, a separator or a control character).
constexpr const wchar_t* wordSymbols = L"$+<=>^`|~";

// Recursive descent over the grammar of XSD Part 2, appendix F, writing ECMAScript as it goes.
class Translator
{
public:
    explicit Translator(const std::wstring& pattern) : _in(pattern) {}

    bool translate(std::wstring& out, bool& asciiValuesOnly, std::string& whyNot)
    {
        _out = &out;
        if (!regExp() || _at != _in.size())
        {
            if (_why.empty()) _why = "not a valid XSD pattern";
            whyNot = _why;
            return false;
        }
        asciiValuesOnly = _asciiValuesOnly;
        return true;
    }

private:
    const std::wstring& _in;
    std::size_t _at = 0;
    std::wstring* _out = nullptr;
    bool _asciiValuesOnly = false;
    std::string _why;

    bool atEnd() const { return _at >= _in.size(); }
    wchar_t peek(std::size_t ahead = 0) const { return _at + ahead < _in.size() ? _in[_at + ahead] : 0; }

    bool refuse(const std::string& why)
    {
        if (_why.empty()) _why = why;
        return false;
    }

    // Punctuation is escaped, which ECMAScript reads as the character itself in and outside
    // classes; letters, digits, spaces and non-ASCII characters stand for themselves.
    void literal(wchar_t c)
    {
        if (c == L'\n')
            *_out += L"\\n";
        else if (c == L'\r')
            *_out += L"\\r";
        else if (c == L'\t')
            *_out += L"\\t";
        else if (c < 0x80 && c > L' ' && !isAsciiLetterOrDigit(c))
            *_out += {L'\\', c};
        else
            *_out += c;
    }

    void wordSet()
    {
        *_out += L"A-Za-z0-9";
        for (const wchar_t* c = wordSymbols; *c; ++c)
            literal(*c);
        _asciiValuesOnly = true;
    }

    bool regExp()
    {
        if (!branch()) return false;
        while (peek() == L'|' && !atEnd())
        {
            ++_at;
            *_out += L'|';
            if (!branch()) return false;
        }
        return true;
    }

    bool branch()
    {
        while (!atEnd() && peek() != L'|' && peek() != L')')
        {
            if (!atom() || !quantifier()) return false;
        }
        return true;
    }

    bool quantifier()
    {
        const wchar_t c = peek();
        if (atEnd()) return true;
        if (c == L'?' || c == L'*' || c == L'+')
        {
            *_out += c;
            ++_at;
        }
        else if (c == L'{')
        {
            ++_at;
            unsigned long low = 0, high = 0;
            if (!count(low)) return false;
            *_out += L'{' + std::to_wstring(low);
            if (peek() == L',')
            {
                ++_at;
                *_out += L',';
                if (peek() != L'}')
                {
                    if (!count(high)) return false;
                    if (high < low) return refuse("not a valid XSD pattern");
                    *_out += std::to_wstring(high);
                }
            }
            if (peek() != L'}') return refuse("not a valid XSD pattern");
            ++_at;
            *_out += L'}';
        }
        else
        {
            return true;
        }
        // XSD has no lazy or possessive quantifiers: a second quantifier is an error there.
        const wchar_t next = peek();
        if (!atEnd() && (next == L'?' || next == L'*' || next == L'+' || next == L'{'))
            return refuse("not a valid XSD pattern");
        return true;
    }

    bool count(unsigned long& value)
    {
        const std::size_t begin = _at;
        value = 0;
        while (!atEnd() && peek() >= L'0' && peek() <= L'9')
        {
            value = value * 10 + static_cast<unsigned long>(peek() - L'0');
            if (value > maxRepeatCount)
                return refuse("a repeat count above " + std::to_string(maxRepeatCount));
            ++_at;
        }
        return _at > begin || refuse("not a valid XSD pattern");
    }

    bool atom()
    {
        const wchar_t c = peek();
        switch (c)
        {
        case L'(':
            ++_at;
            *_out += L"(?:";
            if (!regExp() || peek() != L')' || atEnd()) return refuse("not a valid XSD pattern");
            ++_at;
            *_out += L')';
            return true;
        case L'[':
            return characterClass();
        case L'.':
            ++_at;
            *_out += L"[^\\n\\r]"; // XSD's wildcard excludes only these two line ends
            return true;
        case L'\\':
            return escapeOutsideClass();
        case L'?':
        case L'*':
        case L'+':
        case L'{':
        case L'}':
        case L']':
        case L')':
        case L'|':
            return refuse("not a valid XSD pattern");
        default:
            ++_at;
            literal(c); // includes ^ and $, which are ordinary characters in XSD
            return true;
        }
    }

    // A single-character escape's character, or 0 when the escape is not one.
    static wchar_t singleCharEscape(wchar_t c)
    {
        switch (c)
        {
        case L'n':
            return L'\n';
        case L'r':
            return L'\r';
        case L't':
            return L'\t';
        case L'\\':
        case L'|':
        case L'.':
        case L'?':
        case L'*':
        case L'+':
        case L'(':
        case L')':
        case L'{':
        case L'}':
        case L'-':
        case L'[':
        case L']':
        case L'^':
            return c;
        default:
            return 0;
        }
    }

    bool refuseEscape(wchar_t c)
    {
        if (c == L'p' || c == L'P') return refuse("\\p{..}/\\P{..} (Unicode categories and blocks)");
        if (c == L'i' || c == L'I' || c == L'c' || c == L'C')
            return refuse("\\i, \\I, \\c or \\C (XML name characters)");
        return refuse("not a valid XSD pattern");
    }

    bool escapeOutsideClass()
    {
        const wchar_t c = peek(1);
        _at += 2;
        if (const wchar_t single = singleCharEscape(c))
        {
            literal(single);
            return true;
        }
        switch (c)
        {
        case L'd':
            *_out += L"[0-9]";
            _asciiValuesOnly = true;
            return true;
        case L'D':
            *_out += L"[^0-9]";
            _asciiValuesOnly = true;
            return true;
        case L's':
            *_out += L"[ \\t\\n\\r]";
            return true;
        case L'S':
            *_out += L"[^ \\t\\n\\r]";
            return true;
        case L'w':
            *_out += L'[';
            wordSet();
            *_out += L']';
            return true;
        case L'W':
            *_out += L"[^";
            wordSet();
            *_out += L']';
            return true;
        default:
            return refuseEscape(c);
        }
    }

    // One character of a class that may start or end a range; false when the next item is not one.
    bool classCharacter(wchar_t& c)
    {
        if (peek() == L'\\')
        {
            c = singleCharEscape(peek(1));
            if (!c) return false;
            _at += 2;
            return true;
        }
        c = peek();
        if (c == L'[' || c == L']') return false;
        ++_at;
        return true;
    }

    bool characterClass()
    {
        ++_at; // '['
        *_out += L'[';
        if (peek() == L'^')
        {
            ++_at;
            *_out += L'^';
        }
        bool empty = true;
        while (!atEnd() && peek() != L']')
        {
            if (peek() == L'[') return refuse("not a valid XSD pattern");
            if (peek() == L'-' && peek(1) == L'[') return refuse("character class subtraction");
            if (peek() == L'\\' && !singleCharEscape(peek(1)))
            {
                if (!escapeInsideClass()) return false;
                empty = false;
                continue;
            }
            wchar_t first = 0;
            if (!classCharacter(first)) return refuse("not a valid XSD pattern");
            empty = false;
            if (peek() == L'-' && peek(1) != L']' && peek(1) != L'[' && _at + 1 < _in.size())
            {
                ++_at;
                wchar_t last = 0;
                if (!classCharacter(last) || last < first) return refuse("not a valid XSD pattern");
                literal(first);
                *_out += L'-';
                literal(last);
            }
            else
            {
                literal(first);
            }
        }
        if (atEnd() || empty) return refuse("not a valid XSD pattern");
        ++_at;
        *_out += L']';
        return true;
    }

    bool escapeInsideClass()
    {
        const wchar_t c = peek(1);
        _at += 2;
        switch (c)
        {
        case L'd':
            *_out += L"0-9";
            _asciiValuesOnly = true;
            return true;
        case L's':
            *_out += L" \\t\\n\\r";
            return true;
        case L'w':
            wordSet();
            return true;
        case L'D':
        case L'S':
        case L'W':
            // A complement inside a class would need class arithmetic ECMAScript classes lack.
            return refuse("\\D, \\S or \\W inside a character class");
        default:
            return refuseEscape(c);
        }
    }
};

} // namespace

std::shared_ptr<const XsdPattern> XsdPattern::compile(const std::vector<std::string>& patterns,
                                                      std::string& whyNot)
{
    if (!patternsCanBeChecked)
    {
        whyNot =
            "this build's standard library has no breadth-first regex matcher, which untrusted values need";
        return nullptr;
    }
    auto compiled = std::make_shared<XsdPattern>();
    std::wstring alternatives;
    for (const std::string& pattern : patterns)
    {
        std::wstring xsd, ecmaScript;
        bool ascii = true, asciiValuesOnly = false;
        decodeUtf8(pattern, xsd, ascii);
        if (!Translator(xsd).translate(ecmaScript, asciiValuesOnly, whyNot)) return nullptr;
        alternatives += (alternatives.empty() ? L"(?:" : L"|(?:") + ecmaScript + L')';
        compiled->_asciiValuesOnly = compiled->_asciiValuesOnly || asciiValuesOnly;
    }
    try
    {
        compiled->_regex =
            std::wregex(alternatives, std::regex_constants::ECMAScript | std::regex_constants::nosubs |
                                          std::regex_constants::optimize | breadthFirst);
    }
    catch (const std::regex_error& error)
    {
        whyNot = std::string("the expression is too complex (") + error.what() + ")";
        return nullptr;
    }
    compiled->_ecmaScript = "^(?:";
    for (wchar_t c : alternatives)
        appendUtf8(compiled->_ecmaScript, static_cast<std::uint32_t>(c));
    compiled->_ecmaScript += ")$";
    return compiled;
}

XsdPattern::Verdict XsdPattern::match(std::string_view value) const
{
    // Reused by each thread, so that matching does not allocate once the buffer has grown.
    thread_local std::wstring codePoints;
    codePoints.clear();
    bool ascii = true;
    decodeUtf8(value, codePoints, ascii);
    if (_asciiValuesOnly && !ascii) return Verdict::Unknown;
    return std::regex_match(codePoints, _regex) ? Verdict::Match : Verdict::NoMatch;
}

} // namespace portico::soap
