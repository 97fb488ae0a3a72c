#include "audit/BodyRedactor.h"

#include <algorithm>

namespace portico::audit
{

namespace
{

constexpr std::size_t npos = std::string_view::npos;

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Whether text appears in body at pos (false, not an exception, past the end: bodies are cut short
// anywhere, so every look-ahead may run off them).
bool at(std::string_view body, std::size_t pos, std::string_view text)
{
    return pos <= body.size() && body.size() - pos >= text.size() &&
           body.compare(pos, text.size(), text) == 0;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Matches one name against the sorted, normalised names while it is decoded a byte at a time, so a
// name written with escapes (JSON \u0070, form %70) needs no decoded copy. All names in [lo, hi)
// share the first pos bytes fed; as they are sorted, those whose next byte is the one fed form a
// contiguous run of that range, found by two binary searches.
class NameMatcher
{
public:
    explicit NameMatcher(const std::vector<std::string>& names) : _names(names), _hi(names.size()) {}

    void feed(char c)
    {
        if (c == '_' || c == '-' || _lo == _hi) return;
        // std::string orders by unsigned char, so the comparisons here must too.
        const auto byte = static_cast<unsigned char>(lower(c));
        const auto begin = _names.begin();
        const auto before = [&](const std::string& name)
        { return name.size() <= _pos || static_cast<unsigned char>(name[_pos]) < byte; };
        const auto same = [&](const std::string& name)
        { return static_cast<unsigned char>(name[_pos]) == byte; };
        const auto from = std::partition_point(begin + _lo, begin + _hi, before);
        const auto to = std::partition_point(from, begin + _hi, same);
        _lo = static_cast<std::size_t>(from - begin);
        _hi = static_cast<std::size_t>(to - begin);
        ++_pos;
    }

    void feed(std::string_view text)
    {
        for (const char c : text)
            feed(c);
    }

    // A code point from a JSON \u escape, fed as its UTF-8 bytes, as a configured name would be
    // written.
    void feedCodePoint(unsigned codePoint)
    {
        if (codePoint < 0x80)
            feed(static_cast<char>(codePoint));
        else if (codePoint < 0x800)
        {
            feed(static_cast<char>(0xC0 | (codePoint >> 6)));
            feed(static_cast<char>(0x80 | (codePoint & 0x3F)));
        }
        else if (codePoint < 0x10000)
        {
            feed(static_cast<char>(0xE0 | (codePoint >> 12)));
            feed(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
            feed(static_cast<char>(0x80 | (codePoint & 0x3F)));
        }
        else
        {
            feed(static_cast<char>(0xF0 | (codePoint >> 18)));
            feed(static_cast<char>(0x80 | ((codePoint >> 12) & 0x3F)));
            feed(static_cast<char>(0x80 | ((codePoint >> 6) & 0x3F)));
            feed(static_cast<char>(0x80 | (codePoint & 0x3F)));
        }
    }

    bool matched() const { return _lo < _hi && _names[_lo].size() == _pos; }

private:
    const std::vector<std::string>& _names;
    std::size_t _lo = 0;
    std::size_t _hi;
    std::size_t _pos = 0;
};

// One redaction of one body: the body, the output and the names, so the scanners below need not
// pass them around. Every scanner copies what it does not mask and returns where it stopped, npos
// when the body ended before the construct did (the output is then complete).
class Pass
{
public:
    Pass(std::string_view body, std::string& out, const std::vector<std::string>& names)
        : _body(body), _out(out), _names(names)
    {
    }

    void json();
    void xml();
    void form();

private:
    std::size_t size() const { return _body.size(); }
    void copy(std::size_t from, std::size_t to) { _out.append(_body.substr(from, to - from)); }
    std::size_t skipSpace(std::size_t from) const
    {
        while (from < size() && isSpace(_body[from]))
            ++from;
        return from;
    }
    bool matches(std::string_view name) const
    {
        NameMatcher matcher(_names);
        matcher.feed(name);
        return matcher.matched();
    }

    std::size_t jsonString(std::size_t quote, NameMatcher* matcher) const;
    bool hex4(std::size_t from, unsigned& value) const;
    std::size_t jsonValueEnd(std::size_t from) const;

    std::size_t passThrough(std::size_t open, std::size_t skip, std::string_view terminator);
    std::size_t passDeclaration(std::size_t open);
    std::size_t startTag(std::size_t open, std::size_t nameEnd, bool& selfClosing);
    std::size_t attribute(std::size_t from);
    std::size_t maskedContent(std::size_t content, std::string_view qualifiedName);
    std::size_t after(std::size_t from, std::string_view terminator) const;
    std::size_t tagClose(std::size_t open) const;
    bool nameEndsAt(std::size_t pos) const;

    bool formNameMatches(std::size_t from, std::size_t to) const;

    std::string_view _body;
    std::string& _out;
    const std::vector<std::string>& _names;
};

std::string_view localName(std::string_view qualifiedName)
{
    const std::size_t colon = qualifiedName.rfind(':');
    return colon == npos ? qualifiedName : qualifiedName.substr(colon + 1);
}

// ---- JSON -------------------------------------------------------------------------------------

// Any string followed by ':' is a member name, whatever it is nested in, so no structure needs to
// be tracked: strings are skipped whole (so a quote or colon inside one is never misread), and a
// value is skipped whole only when it is masked.
void Pass::json()
{
    std::size_t i = 0;
    while (i < size())
    {
        const std::size_t quote = _body.find('"', i);
        if (quote == npos)
        {
            copy(i, size());
            return;
        }
        copy(i, quote);
        NameMatcher matcher(_names);
        const std::size_t end = jsonString(quote, &matcher);
        if (end == npos)
        {
            // Cut inside a string: a name not yet complete, or a value of an unnamed member.
            copy(quote, size());
            return;
        }
        copy(quote, end);
        i = end;
        const std::size_t colon = skipSpace(end);
        if (colon >= size() || _body[colon] != ':' || !matcher.matched()) continue;
        const std::size_t value = skipSpace(colon + 1);
        copy(end, value);
        if (value >= size()) return; // cut before the value: nothing to hide
        const std::size_t valueEnd = jsonValueEnd(value);
        // An empty span is only possible in malformed JSON ("a":,): nothing to hide there either.
        if (valueEnd > value) _out.append("\"").append(BodyRedactor::mask).append("\"");
        i = valueEnd;
    }
}

// The end of the string starting at quote (just past its closing quote), npos when the body ends
// first. Feeds the unescaped text to matcher when there is one.
std::size_t Pass::jsonString(std::size_t quote, NameMatcher* matcher) const
{
    std::size_t j = quote + 1;
    while (j < size())
    {
        const char c = _body[j];
        if (c == '"') return j + 1;
        if (c != '\\')
        {
            if (matcher != nullptr) matcher->feed(c);
            ++j;
            continue;
        }
        if (j + 1 >= size()) return npos;
        const char escaped = _body[j + 1];
        j += 2;
        // Without a matcher the hex digits of \u are simply skipped as ordinary bytes.
        if (matcher == nullptr) continue;
        switch (escaped)
        {
        case 'b':
            matcher->feed('\b');
            break;
        case 'f':
            matcher->feed('\f');
            break;
        case 'n':
            matcher->feed('\n');
            break;
        case 'r':
            matcher->feed('\r');
            break;
        case 't':
            matcher->feed('\t');
            break;
        case 'u':
        {
            unsigned codePoint = 0;
            if (!hex4(j, codePoint))
            {
                matcher->feed('u');
                break;
            }
            j += 4;
            unsigned low = 0;
            if (codePoint >= 0xD800 && codePoint < 0xDC00 && at(_body, j, "\\u") && hex4(j + 2, low) &&
                low >= 0xDC00 && low < 0xE000)
            {
                codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
                j += 6;
            }
            matcher->feedCodePoint(codePoint);
            break;
        }
        default:
            matcher->feed(escaped); // '"', '\\', '/'
        }
    }
    return npos;
}

bool Pass::hex4(std::size_t from, unsigned& value) const
{
    if (from + 4 > size()) return false;
    value = 0;
    for (std::size_t k = from; k < from + 4; ++k)
    {
        const int digit = hexValue(_body[k]);
        if (digit < 0) return false;
        value = value * 16 + static_cast<unsigned>(digit);
    }
    return true;
}

// The end of the value starting at from: a string, an object or array (brackets counted, strings
// inside skipped whole), or a scalar up to the next delimiter. The body's size when it ends first.
std::size_t Pass::jsonValueEnd(std::size_t from) const
{
    const char first = _body[from];
    if (first == '"')
    {
        const std::size_t end = jsonString(from, nullptr);
        return end == npos ? size() : end;
    }
    if (first == '{' || first == '[')
    {
        std::size_t depth = 0;
        std::size_t j = from;
        while (j < size())
        {
            const char c = _body[j];
            if (c == '"')
            {
                const std::size_t end = jsonString(j, nullptr);
                if (end == npos) return size();
                j = end;
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return j + 1;
            ++j;
        }
        return size();
    }
    std::size_t j = from;
    while (j < size() && !isSpace(_body[j]) && _body[j] != ',' && _body[j] != '}' && _body[j] != ']')
        ++j;
    return j;
}

// ---- XML --------------------------------------------------------------------------------------

void Pass::xml()
{
    std::size_t i = 0;
    while (i < size())
    {
        const std::size_t open = _body.find('<', i);
        if (open == npos)
        {
            copy(i, size());
            return;
        }
        copy(i, open);
        if (at(_body, open, "<!--"))
            i = passThrough(open, 4, "-->");
        else if (at(_body, open, "<![CDATA["))
            i = passThrough(open, 9, "]]>");
        else if (at(_body, open, "<?"))
            i = passThrough(open, 2, "?>");
        else if (at(_body, open, "<!"))
            i = passDeclaration(open);
        else if (at(_body, open, "</"))
            i = passThrough(open, 2, ">");
        else
        {
            std::size_t nameEnd = open + 1;
            while (nameEnd < size() && !isSpace(_body[nameEnd]) && _body[nameEnd] != '/' &&
                   _body[nameEnd] != '>')
                ++nameEnd;
            if (nameEnd == open + 1)
            {
                // A '<' that starts no tag (malformed): text.
                _out.push_back('<');
                i = open + 1;
                continue;
            }
            const std::string_view name = _body.substr(open + 1, nameEnd - open - 1);
            bool selfClosing = false;
            i = startTag(open, nameEnd, selfClosing);
            if (i != npos && !selfClosing && matches(localName(name))) i = maskedContent(i, name);
        }
        if (i == npos) return;
    }
}

// Copies from open to the end of terminator (searched from open + skip), or to the end of the body.
std::size_t Pass::passThrough(std::size_t open, std::size_t skip, std::string_view terminator)
{
    const std::size_t end = after(open + skip, terminator);
    copy(open, end == npos ? size() : end);
    return end;
}

// <!DOCTYPE ...>, whose internal subset in brackets holds declarations with '>' of their own.
std::size_t Pass::passDeclaration(std::size_t open)
{
    int depth = 0;
    for (std::size_t j = open + 2; j < size(); ++j)
    {
        const char c = _body[j];
        if (c == '[')
            ++depth;
        else if (c == ']')
            --depth;
        else if (c == '>' && depth <= 0)
        {
            copy(open, j + 1);
            return j + 1;
        }
    }
    copy(open, size());
    return npos;
}

// Copies the start tag at open, masking the values of named attributes; returns where its content
// starts.
std::size_t Pass::startTag(std::size_t open, std::size_t nameEnd, bool& selfClosing)
{
    copy(open, nameEnd);
    selfClosing = false;
    std::size_t j = nameEnd;
    while (j < size())
    {
        const char c = _body[j];
        if (c == '>')
        {
            _out.push_back(c);
            return j + 1;
        }
        if (isSpace(c) || c == '/')
        {
            selfClosing = c == '/';
            _out.push_back(c);
            ++j;
            continue;
        }
        selfClosing = false;
        j = attribute(j);
    }
    return npos;
}

// Copies the attribute at from (name, '=', value), its value masked when its local name matches.
std::size_t Pass::attribute(std::size_t from)
{
    std::size_t j = from;
    while (j < size() && !isSpace(_body[j]) && _body[j] != '=' && _body[j] != '>' && _body[j] != '/')
        ++j;
    const std::string_view name = _body.substr(from, j - from);
    copy(from, j);
    const std::size_t equals = skipSpace(j);
    if (equals >= size() || _body[equals] != '=') return j; // the tag's loop copies the spaces
    const std::size_t value = skipSpace(equals + 1);
    copy(j, value);
    if (value >= size()) return size();
    // xmlns="..." and xmlns:pwd="..." declare namespaces: their values name no data.
    const bool masked = name != "xmlns" && name.substr(0, 6) != "xmlns:" && matches(localName(name));
    const char quote = _body[value];
    if (quote == '"' || quote == '\'')
    {
        const std::size_t close = _body.find(quote, value + 1);
        const std::size_t end = close == npos ? size() : close;
        _out.push_back(quote);
        if (!masked)
            copy(value + 1, end);
        else if (end > value + 1)
            _out.append(BodyRedactor::mask);
        if (close == npos)
        {
            // Cut inside the value: a masked one is closed, as in JSON, so the mask reads as a value.
            if (masked && end > value + 1) _out.push_back(quote);
            return size();
        }
        _out.push_back(quote);
        return close + 1;
    }
    // An unquoted value: not XML, but HTML-minded senders write them.
    std::size_t end = value;
    while (end < size() && !isSpace(_body[end]) && _body[end] != '>')
        ++end;
    if (masked && end > value)
        _out.append(BodyRedactor::mask);
    else
        copy(value, end);
    return end;
}

// Masks the content of the element named qualifiedName from content to its matching end tag, which
// is copied. Start tags of the same name nest (self-closing ones do not); comments, CDATA sections
// and processing instructions are skipped whole, so an end tag written inside one does not end the
// element.
std::size_t Pass::maskedContent(std::size_t content, std::string_view qualifiedName)
{
    if (content >= size()) return npos; // cut right after the start tag: nothing to hide
    std::size_t depth = 1;
    std::size_t j = content;
    while ((j = _body.find('<', j)) != npos)
    {
        if (at(_body, j, "<!--"))
            j = after(j + 4, "-->");
        else if (at(_body, j, "<![CDATA["))
            j = after(j + 9, "]]>");
        else if (at(_body, j, "<?"))
            j = after(j + 2, "?>");
        else if (at(_body, j, "</") && at(_body, j + 2, qualifiedName) &&
                 nameEndsAt(j + 2 + qualifiedName.size()))
        {
            if (--depth == 0)
            {
                if (j > content) _out.append(BodyRedactor::mask);
                return passThrough(j, 2, ">");
            }
            j += 2;
        }
        else if (at(_body, j + 1, qualifiedName) && nameEndsAt(j + 1 + qualifiedName.size()))
        {
            const std::size_t close = tagClose(j);
            if (close == npos) break;
            if (_body[close - 1] != '/') ++depth;
            j = close + 1;
        }
        else
            ++j;
        if (j == npos) break;
    }
    // Cut inside the element (its end tag included): everything to the cut is its content.
    _out.append(BodyRedactor::mask);
    return npos;
}

std::size_t Pass::after(std::size_t from, std::string_view terminator) const
{
    const std::size_t found = _body.find(terminator, from);
    return found == npos ? npos : found + terminator.size();
}

// The '>' closing the tag at open, skipping quoted attribute values; npos when the body ends first.
std::size_t Pass::tagClose(std::size_t open) const
{
    for (std::size_t j = open + 1; j < size(); ++j)
    {
        const char c = _body[j];
        if (c == '>') return j;
        if (c == '"' || c == '\'')
        {
            j = _body.find(c, j + 1);
            if (j == npos) return npos;
        }
    }
    return npos;
}

// Whether a tag name that matched as a prefix ends at pos (so <pan> is not taken for <panel>).
bool Pass::nameEndsAt(std::size_t pos) const
{
    return pos < size() && (isSpace(_body[pos]) || _body[pos] == '>' || _body[pos] == '/');
}

// ---- application/x-www-form-urlencoded --------------------------------------------------------

void Pass::form()
{
    std::size_t i = 0;
    while (i < size())
    {
        std::size_t nameEnd = _body.find_first_of("=&", i);
        if (nameEnd == npos) nameEnd = size();
        copy(i, nameEnd);
        if (nameEnd >= size()) return;
        if (_body[nameEnd] == '&')
        {
            // A field without a value.
            _out.push_back('&');
            i = nameEnd + 1;
            continue;
        }
        const bool masked = formNameMatches(i, nameEnd);
        _out.push_back('=');
        const std::size_t value = nameEnd + 1;
        std::size_t valueEnd = _body.find('&', value);
        if (valueEnd == npos) valueEnd = size();
        if (masked && valueEnd > value)
            _out.append(BodyRedactor::mask);
        else
            copy(value, valueEnd);
        i = valueEnd;
    }
}

// Decodes '+' and %XX while matching; a '%' without two hex digits after it is itself.
bool Pass::formNameMatches(std::size_t from, std::size_t to) const
{
    NameMatcher matcher(_names);
    for (std::size_t j = from; j < to; ++j)
    {
        const char c = _body[j];
        if (c == '+')
            matcher.feed(' ');
        else if (c == '%' && j + 2 < to && hexValue(_body[j + 1]) >= 0 && hexValue(_body[j + 2]) >= 0)
        {
            matcher.feed(static_cast<char>(hexValue(_body[j + 1]) * 16 + hexValue(_body[j + 2])));
            j += 2;
        }
        else
            matcher.feed(c);
    }
    return matcher.matched();
}

} // namespace

BodyRedactor::BodyRedactor(std::vector<std::string> names)
{
    for (std::string& name : names)
    {
        std::string normalised;
        for (const char c : name)
        {
            if (c != '_' && c != '-') normalised.push_back(lower(c));
        }
        // An empty name would match the empty member name "" and nothing useful.
        if (!normalised.empty()) _names.push_back(std::move(normalised));
    }
    std::sort(_names.begin(), _names.end());
    _names.erase(std::unique(_names.begin(), _names.end()), _names.end());
}

const std::vector<std::string>& BodyRedactor::defaultNames()
{
    // api_key and apikey, card_number and cardnumber are one name each once normalised.
    static const std::vector<std::string> names{
        "password", "passwd",        "pwd",        "secret", "token",         "accesstoken", "refreshtoken",
        "apikey",   "authorization", "cardnumber", "pan",    "cvv",           "cvc",         "cvv2",
        "ssn",      "nationalid",    "taxid",      "iban",   "accountnumber", "pin"};
    return names;
}

void BodyRedactor::redact(std::string_view body, std::string& out) const
{
    out.clear();
    // A UTF-8 byte order mark is common before an XML declaration; it does not decide the kind.
    std::size_t first = at(body, 0, "\xEF\xBB\xBF") ? 3 : 0;
    while (first < body.size() && isSpace(body[first]))
        ++first;
    if (first >= body.size())
    {
        out.assign(body);
        return;
    }
    out.reserve(body.size());
    Pass pass(body, out, _names);
    const char kind = body[first];
    if (kind == '{' || kind == '[')
        pass.json();
    else if (kind == '<')
        pass.xml();
    else
    {
        // A form has a name before its first '=', and names have no spaces or line breaks (they are
        // encoded as '+' or %20); prose or a log line with an '=' in it is not a form.
        const std::size_t equals = body.find('=');
        if (equals != npos && body.find_first_of(" \t\r\n") > equals)
            pass.form();
        else
            out.assign(body);
    }
}

} // namespace portico::audit
