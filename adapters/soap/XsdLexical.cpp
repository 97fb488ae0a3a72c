#include "soap/XsdLexical.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace portico::soap
{

namespace
{

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool allDigits(std::string_view text)
{
    if (text.empty()) return false;
    for (char c : text)
    {
        if (!isDigit(c)) return false;
    }
    return true;
}

// Compares two unsigned decimal magnitudes without leading zeros.
int compareMagnitude(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct IntegerRange
{
    // Magnitudes of the bounds; empty means unbounded on that side.
    std::string_view minimumMagnitude; // of the negative bound (or "0" for no negatives)
    bool minimumNegative;
    std::string_view maximum;
    bool maximumNegative;
};

IntegerRange rangeOf(XsdBuiltin type)
{
    switch (type)
    {
    case XsdBuiltin::Byte:
        return {"128", true, "127", false};
    case XsdBuiltin::Short:
        return {"32768", true, "32767", false};
    case XsdBuiltin::Int:
        return {"2147483648", true, "2147483647", false};
    case XsdBuiltin::Long:
        return {"9223372036854775808", true, "9223372036854775807", false};
    case XsdBuiltin::UnsignedByte:
        return {"0", false, "255", false};
    case XsdBuiltin::UnsignedShort:
        return {"0", false, "65535", false};
    case XsdBuiltin::UnsignedInt:
        return {"0", false, "4294967295", false};
    case XsdBuiltin::UnsignedLong:
        return {"0", false, "18446744073709551615", false};
    case XsdBuiltin::NonNegativeInteger:
        return {"0", false, "", false};
    case XsdBuiltin::PositiveInteger:
        return {"1", false, "", false};
    case XsdBuiltin::NonPositiveInteger:
        return {"", true, "0", false};
    case XsdBuiltin::NegativeInteger:
        return {"", true, "1", true};
    default:
        return {"", true, "", false};
    }
}

// value = (negative ? -1 : 1) * magnitude, with magnitude free of leading zeros ("0" for zero).
bool inRange(XsdBuiltin type, bool negative, std::string_view magnitude)
{
    if (magnitude == "0") negative = false;
    const IntegerRange range = rangeOf(type);
    // Lower bound.
    if (!range.minimumMagnitude.empty())
    {
        if (range.minimumNegative)
        {
            if (negative && compareMagnitude(magnitude, range.minimumMagnitude) > 0) return false;
        }
        else
        {
            if (negative) return false;
            if (compareMagnitude(magnitude, range.minimumMagnitude) < 0) return false;
        }
    }
    // Upper bound.
    if (!range.maximum.empty())
    {
        if (range.maximumNegative)
        {
            if (!negative || compareMagnitude(magnitude, range.maximum) < 0) return false;
        }
        else if (!negative && compareMagnitude(magnitude, range.maximum) > 0)
        {
            return false;
        }
    }
    return true;
}

bool checkInteger(XsdBuiltin type, std::string_view text, std::string& reason)
{
    bool negative = false;
    if (!text.empty() && (text[0] == '+' || text[0] == '-'))
    {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (!allDigits(text)) return false;
    while (text.size() > 1 && text[0] == '0')
        text.remove_prefix(1);
    if (!inRange(type, negative, text))
    {
        reason = "out of range";
        return false;
    }
    return true;
}

bool checkDecimal(std::string_view text)
{
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.remove_prefix(1);
    const std::size_t dot = text.find('.');
    if (dot == std::string_view::npos) return allDigits(text);
    const std::string_view whole = text.substr(0, dot), fraction = text.substr(dot + 1);
    if (whole.empty() && fraction.empty()) return false;
    return (whole.empty() || allDigits(whole)) && (fraction.empty() || allDigits(fraction));
}

bool checkFloating(std::string_view text)
{
    if (text == "INF" || text == "-INF" || text == "NaN") return true;
    const std::size_t e = text.find_first_of("eE");
    if (e == std::string_view::npos) return checkDecimal(text);
    std::string_view exponent = text.substr(e + 1);
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) exponent.remove_prefix(1);
    return checkDecimal(text.substr(0, e)) && allDigits(exponent);
}

bool checkBoolean(std::string_view text)
{
    return text == "true" || text == "false" || text == "1" || text == "0";
}

int twoDigits(std::string_view text, std::size_t at)
{
    if (at + 2 > text.size() || !isDigit(text[at]) || !isDigit(text[at + 1])) return -1;
    return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

// "Z", "+hh:mm" or "-hh:mm" (hh <= 14, and 14 only with :00), or nothing.
bool checkTimezone(std::string_view text)
{
    if (text.empty() || text == "Z") return true;
    if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return false;
    const int hours = twoDigits(text, 1), minutes = twoDigits(text, 4);
    if (hours < 0 || minutes < 0 || minutes > 59 || hours > 14) return false;
    return hours < 14 || minutes == 0;
}

// "-?YYYY-MM-DD" (four or more year digits, no leading zero beyond four, not year 0000);
// consumes it from text.
bool checkDatePart(std::string_view& text, std::string& reason)
{
    std::size_t at = 0;
    if (!text.empty() && text[0] == '-') at = 1;
    std::size_t yearEnd = at;
    while (yearEnd < text.size() && isDigit(text[yearEnd]))
        ++yearEnd;
    const std::string_view year = text.substr(at, yearEnd - at);
    if (year.size() < 4 || (year.size() > 4 && year[0] == '0')) return false;
    if (year.find_first_not_of('0') == std::string_view::npos) return false;
    if (yearEnd + 6 > text.size() || text[yearEnd] != '-' || text[yearEnd + 3] != '-') return false;
    const int month = twoDigits(text, yearEnd + 1), day = twoDigits(text, yearEnd + 4);
    if (month < 1 || month > 12 || day < 1) return false;
    // Only the last four digits matter for the leap-year rule (400 divides 10000).
    const long lastDigits = std::strtol(std::string(year.substr(year.size() - 4)).c_str(), nullptr, 10);
    const long yearValue = text[0] == '-' ? -lastDigits : lastDigits;
    const bool leap = (yearValue % 4 == 0 && yearValue % 100 != 0) || yearValue % 400 == 0;
    static const int daysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int maximum = month == 2 && leap ? 29 : daysIn[month - 1];
    if (day > maximum)
    {
        reason = "not a valid date";
        return false;
    }
    text.remove_prefix(yearEnd + 6);
    return true;
}

// "hh:mm:ss(.s+)?" with 24:00:00 allowed; consumes it from text.
bool checkTimePart(std::string_view& text)
{
    if (text.size() < 8 || text[2] != ':' || text[5] != ':') return false;
    const int hours = twoDigits(text, 0), minutes = twoDigits(text, 3), seconds = twoDigits(text, 6);
    if (hours < 0 || minutes < 0 || seconds < 0 || hours > 24 || minutes > 59 || seconds > 59) return false;
    std::size_t at = 8;
    bool fractionNonZero = false;
    if (at < text.size() && text[at] == '.')
    {
        ++at;
        const std::size_t digitsStart = at;
        while (at < text.size() && isDigit(text[at]))
        {
            fractionNonZero = fractionNonZero || text[at] != '0';
            ++at;
        }
        if (at == digitsStart) return false;
    }
    if (hours == 24 && (minutes != 0 || seconds != 0 || fractionNonZero)) return false;
    text.remove_prefix(at);
    return true;
}

bool checkBase64(std::string_view text)
{
    std::size_t count = 0, padding = 0;
    for (char c : text)
    {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        if (c == '=')
        {
            ++padding;
            ++count;
            continue;
        }
        const bool valid =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '+' || c == '/';
        if (!valid || padding > 0) return false;
        ++count;
    }
    return count % 4 == 0 && padding <= 2;
}

bool checkHex(std::string_view text)
{
    if (text.size() % 2 != 0) return false;
    for (char c : text)
    {
        const bool hex = isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex) return false;
    }
    return true;
}

} // namespace

bool checkLexical(XsdBuiltin type, std::string_view text, std::string& reason)
{
    reason.clear();
    if (isIntegerType(type)) return checkInteger(type, text, reason);
    switch (type)
    {
    case XsdBuiltin::String:
        return true;
    case XsdBuiltin::Boolean:
        return checkBoolean(text);
    case XsdBuiltin::Decimal:
        return checkDecimal(text);
    case XsdBuiltin::Double:
    case XsdBuiltin::Float:
        return checkFloating(text);
    case XsdBuiltin::Date:
        return checkDatePart(text, reason) && checkTimezone(text);
    case XsdBuiltin::Time:
        return checkTimePart(text) && checkTimezone(text);
    case XsdBuiltin::DateTime:
    {
        if (!checkDatePart(text, reason)) return false;
        if (text.empty() || text[0] != 'T') return false;
        text.remove_prefix(1);
        return checkTimePart(text) && checkTimezone(text);
    }
    case XsdBuiltin::Base64Binary:
        return checkBase64(text);
    case XsdBuiltin::HexBinary:
        return checkHex(text);
    default:
        return false;
    }
}

bool toJsonNumber(std::string_view lexical, std::string& json)
{
    if (lexical == "INF" || lexical == "-INF" || lexical == "NaN" || lexical.empty()) return false;
    json.clear();
    std::string_view text = lexical;
    if (text[0] == '+' || text[0] == '-')
    {
        if (text[0] == '-') json += '-';
        text.remove_prefix(1);
    }
    const std::size_t e = text.find_first_of("eE");
    std::string_view mantissa = text.substr(0, e);
    const std::string_view exponent = e == std::string_view::npos ? std::string_view() : text.substr(e);
    const std::size_t dot = mantissa.find('.');
    std::string_view whole = mantissa.substr(0, dot);
    std::string_view fraction = dot == std::string_view::npos ? std::string_view() : mantissa.substr(dot + 1);
    while (whole.size() > 1 && whole[0] == '0')
        whole.remove_prefix(1);
    json += whole.empty() ? std::string_view("0") : whole;
    if (!fraction.empty())
    {
        json += '.';
        json += fraction;
    }
    if (!exponent.empty())
    {
        json += 'E';
        std::string_view digits = exponent.substr(1);
        if (!digits.empty() && (digits[0] == '+' || digits[0] == '-'))
        {
            if (digits[0] == '-') json += '-';
            digits.remove_prefix(1);
        }
        json += digits;
    }
    return true;
}

std::string formatDouble(double value, bool allowExponent)
{
    char buffer[64];
    int precision = 1;
    for (; precision <= 17; ++precision)
    {
        std::snprintf(buffer, sizeof buffer, "%.*e", precision - 1, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    if (allowExponent)
    {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
        return buffer;
    }
    // Expand the shortest digits "d.ddde±x" into plain notation.
    std::snprintf(buffer, sizeof buffer, "%.*e", precision - 1, value);
    std::string text(buffer);
    std::string sign;
    if (text[0] == '-')
    {
        sign = "-";
        text.erase(0, 1);
    }
    const std::size_t e = text.find('e');
    const int exponent = std::atoi(text.c_str() + e + 1);
    std::string digits;
    for (std::size_t i = 0; i < e; ++i)
    {
        if (text[i] != '.') digits += text[i];
    }
    // value = 0.digits * 10^(exponent + 1)
    const int point = exponent + 1;
    std::string result;
    if (point <= 0)
    {
        result = "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
    }
    else if (static_cast<std::size_t>(point) >= digits.size())
    {
        result = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
    }
    else
    {
        result = digits.substr(0, static_cast<std::size_t>(point)) + "." +
                 digits.substr(static_cast<std::size_t>(point));
    }
    if (result == "0") sign.clear();
    return sign + result;
}

bool isXmlText(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size())
    {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80)
        {
            if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) return false;
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned long code = 0;
        if ((c & 0xE0) == 0xC0)
        {
            length = 2;
            code = c & 0x1F;
        }
        else if ((c & 0xF0) == 0xE0)
        {
            length = 3;
            code = c & 0x0F;
        }
        else if ((c & 0xF8) == 0xF0)
        {
            length = 4;
            code = c & 0x07;
        }
        else
        {
            return false;
        }
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
        {
            const unsigned char next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        const unsigned long minimum = length == 2 ? 0x80 : (length == 3 ? 0x800 : 0x10000);
        if (code < minimum || code > 0x10FFFF) return false;
        if ((code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF) return false;
        i += length;
    }
    return true;
}

} // namespace portico::soap
