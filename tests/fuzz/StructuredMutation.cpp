#include "StructuredMutation.h"

#include <cstring>

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t maxSize);

namespace portico::fuzz
{

std::size_t mutateStructured(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned int seed,
                             std::size_t prefix, const TreeEdit& edit)
{
    Random random(seed);
    // Byte-level mutation keeps finding what no tree edit makes (broken markup, odd bytes inside
    // names), and it is the only one that changes the selector bytes.
    if (size <= prefix || random() % 2 == 0) return LLVMFuzzerMutate(data, size, maxSize);
    std::string text(reinterpret_cast<const char*>(data) + prefix, size - prefix);
    if (!edit(text, random) || prefix + text.size() > maxSize) return LLVMFuzzerMutate(data, size, maxSize);
    std::memcpy(data + prefix, text.data(), text.size());
    return prefix + text.size();
}

const std::vector<std::string>& edgeTexts()
{
    static const std::vector<std::string> all = {
        "",
        "0",
        "-0",
        "-1",
        "1e309",
        "-1e309",
        "NaN",
        "INF",
        "-INF",
        "2147483648",
        "-9223372036854775809",
        "18446744073709551616",
        "1.7976931348623157e308",
        "4.9e-324",
        "0.000000000000000000000000000001",
        std::string(400, '9'),
        "-" + std::string(64, '1') + "." + std::string(64, '1'),
        std::string(300, 'A'),
        "true",
        "2024-02-30T25:61:60Z",
        "-0001-01-01T00:00:00+14:00",
        "P1Y2M3DT4H5M6.7S",
        "--12-31",
        "  padded  ",
        "\xC3\xA9\xE6\xBC\xA2\xE5\xAD\x97\xF0\x9F\x98\x80", // "é漢字😀"
        "\xC3",                                             // a UTF-8 sequence cut short
        "\xED\xA0\x80",                                     // an encoded surrogate
        "\xEF\xBF\xBF",
        "====",
        "xs:string",
        "tns:Undefined",
        "unbounded",
        "##any",
    };
    return all;
}

std::size_t pick(Random& random, std::size_t count)
{
    return static_cast<std::size_t>(random() % count);
}

} // namespace portico::fuzz
