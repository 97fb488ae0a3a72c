#include "tcp/DecimalNumber.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace portico::tcp
{

namespace
{

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr int exponentLimit = 1000;

} // namespace

bool DecimalNumber::parse(std::string_view text, DecimalNumber& number)
{
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+'))
    {
        negative = text[i] == '-';
        ++i;
    }
    std::string digits;
    std::size_t integerDigits = 0;
    while (i < text.size() && isDigit(text[i]))
    {
        digits.push_back(text[i++]);
        ++integerDigits;
    }
    std::size_t fractionDigits = 0;
    if (i < text.size() && text[i] == '.')
    {
        ++i;
        while (i < text.size() && isDigit(text[i]))
        {
            digits.push_back(text[i++]);
            ++fractionDigits;
        }
    }
    if (integerDigits + fractionDigits == 0)
    {
        return false;
    }
    long exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E'))
    {
        ++i;
        bool negativeExponent = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+'))
        {
            negativeExponent = text[i] == '-';
            ++i;
        }
        const std::size_t start = i;
        while (i < text.size() && isDigit(text[i]))
        {
            exponent = exponent * 10 + (text[i++] - '0');
            if (exponent > exponentLimit)
            {
                return false;
            }
        }
        if (i == start)
        {
            return false;
        }
        exponent = negativeExponent ? -exponent : exponent;
    }
    if (i != text.size())
    {
        return false;
    }
    exponent -= static_cast<long>(fractionDigits);
    const std::size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos)
    {
        number = DecimalNumber();
        return true;
    }
    digits.erase(0, first);
    const std::size_t last = digits.find_last_not_of('0');
    exponent += static_cast<long>(digits.size() - 1 - last);
    digits.erase(last + 1);
    number._negative = negative;
    number._digits = std::move(digits);
    number._exponent = static_cast<int>(exponent);
    return true;
}

std::string DecimalNumber::fromDouble(double value)
{
    char buffer[64];
    const std::to_chars_result result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

bool DecimalNumber::scaledDigits(unsigned scale, std::string& digits) const
{
    if (zero())
    {
        digits = "0";
        return true;
    }
    const long shift = static_cast<long>(_exponent) + static_cast<long>(scale);
    if (shift < 0)
    {
        return false; // trailing zeros are stripped, so a negative shift always leaves a fraction
    }
    digits = _digits;
    digits.append(static_cast<std::size_t>(shift), '0');
    return true;
}

std::string DecimalNumber::jsonNumber(bool negative, std::string_view digits, unsigned scale)
{
    std::string significant(digits.substr(std::min(digits.size(), digits.find_first_not_of('0'))));
    const bool isZero = significant.empty();
    if (significant.size() < scale + 1)
    {
        significant.insert(0, scale + 1 - significant.size(), '0');
    }
    std::string text = negative && !isZero ? "-" : "";
    text.append(significant, 0, significant.size() - scale);
    if (scale > 0)
    {
        text += '.';
        text.append(significant, significant.size() - scale, scale);
    }
    return text;
}

} // namespace portico::tcp
