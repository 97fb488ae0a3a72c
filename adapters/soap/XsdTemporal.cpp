#include "soap/XsdTemporal.h"

#include <cstdint>

namespace portico::soap
{

namespace
{

constexpr std::int64_t microsPerSecond = 1000000;
constexpr std::int64_t microsPerDay = 86400 * microsPerSecond;
constexpr std::int64_t fourteenHours = 14 * 3600 * microsPerSecond;

struct Instant
{
    std::int64_t micros = 0; // since 1970-01-01T00:00:00 UTC (or local, when not zoned)
    bool zoned = false;
};

class Cursor
{
public:
    explicit Cursor(std::string_view text) : _text(text) {}
    bool done() const { return _at == _text.size(); }
    bool take(char c)
    {
        if (_at < _text.size() && _text[_at] == c)
        {
            ++_at;
            return true;
        }
        return false;
    }
    // Exactly count digits.
    bool digits(int count, int& value)
    {
        value = 0;
        for (int i = 0; i < count; ++i)
        {
            if (_at >= _text.size() || _text[_at] < '0' || _text[_at] > '9') return false;
            value = value * 10 + (_text[_at++] - '0');
        }
        return true;
    }
    // A fraction of a second, after the '.', as microseconds (digits past the sixth are ignored).
    bool fraction(std::int64_t& micros)
    {
        micros = 0;
        int seen = 0;
        std::int64_t scale = 100000;
        while (_at < _text.size() && _text[_at] >= '0' && _text[_at] <= '9')
        {
            if (seen++ < 6)
            {
                micros += (_text[_at] - '0') * scale;
                scale /= 10;
            }
            ++_at;
        }
        return seen > 0;
    }
    char peek() const { return _at < _text.size() ? _text[_at] : '\0'; }

private:
    std::string_view _text;
    std::size_t _at = 0;
};

// Days from 1970-01-01 to a proleptic Gregorian date.
std::int64_t daysFromCivil(std::int64_t year, int month, int day)
{
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int64_t yearOfEra = year - era * 400;
    const std::int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

bool readDate(Cursor& in, std::int64_t& micros)
{
    int year = 0, month = 0, day = 0;
    if (!in.digits(4, year) || !in.take('-') || !in.digits(2, month) || !in.take('-') || !in.digits(2, day))
        return false;
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31) return false;
    micros = daysFromCivil(year, month, day) * microsPerDay;
    return true;
}

bool readTime(Cursor& in, std::int64_t& micros)
{
    int hour = 0, minute = 0, second = 0;
    if (!in.digits(2, hour) || !in.take(':') || !in.digits(2, minute) || !in.take(':') ||
        !in.digits(2, second))
        return false;
    std::int64_t fraction = 0;
    if (in.take('.') && !in.fraction(fraction)) return false;
    if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute || second || fraction)))
        return false;
    micros = ((hour * 60 + minute) * 60 + second) * microsPerSecond + fraction;
    return true;
}

// Z, +hh:mm or -hh:mm; applied so that the instant is in UTC.
bool readZone(Cursor& in, Instant& instant)
{
    if (in.done()) return true;
    if (in.take('Z'))
    {
        instant.zoned = true;
        return in.done();
    }
    const char sign = in.peek();
    if (sign != '+' && sign != '-') return false;
    in.take(sign);
    int hours = 0, minutes = 0;
    if (!in.digits(2, hours) || !in.take(':') || !in.digits(2, minutes) || !in.done()) return false;
    const std::int64_t offset = (hours * 60 + minutes) * 60 * microsPerSecond;
    instant.micros -= sign == '+' ? offset : -offset;
    instant.zoned = true;
    return true;
}

std::optional<Instant> readInstant(XsdBuiltin type, std::string_view text)
{
    Cursor in(text);
    Instant instant;
    std::int64_t date = 0, time = 0;
    switch (type)
    {
    case XsdBuiltin::Date:
        if (!readDate(in, date)) return std::nullopt;
        break;
    case XsdBuiltin::Time:
        if (!readTime(in, time)) return std::nullopt;
        break;
    case XsdBuiltin::DateTime:
        if (!readDate(in, date) || !in.take('T') || !readTime(in, time)) return std::nullopt;
        break;
    default:
        return std::nullopt;
    }
    instant.micros = date + time;
    if (!readZone(in, instant)) return std::nullopt;
    return instant;
}

int order(std::int64_t a, std::int64_t b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

} // namespace

bool isTemporalType(XsdBuiltin type)
{
    return type == XsdBuiltin::Date || type == XsdBuiltin::DateTime || type == XsdBuiltin::Time;
}

std::optional<int> compareTemporal(XsdBuiltin type, std::string_view a, std::string_view b)
{
    const std::optional<Instant> left = readInstant(type, a);
    const std::optional<Instant> right = readInstant(type, b);
    if (!left || !right) return std::nullopt;
    if (left->zoned == right->zoned) return order(left->micros, right->micros);
    // One has no timezone: it may be anywhere from 14 hours earlier to 14 hours later in UTC.
    const Instant& zoned = left->zoned ? *left : *right;
    const Instant& local = left->zoned ? *right : *left;
    int zonedAgainstLocal = 0;
    if (zoned.micros < local.micros - fourteenHours)
        zonedAgainstLocal = -1;
    else if (zoned.micros > local.micros + fourteenHours)
        zonedAgainstLocal = 1;
    else
        return std::nullopt;
    return left->zoned ? zonedAgainstLocal : -zonedAgainstLocal;
}

} // namespace portico::soap
