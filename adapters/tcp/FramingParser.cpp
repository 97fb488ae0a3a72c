#include "tcp/FramingParser.h"

#include "tcp/AsciiLengthFraming.h"
#include "tcp/ByteEscapes.h"
#include "tcp/ConfigReader.h"
#include "tcp/DelimiterFraming.h"
#include "tcp/FixedFraming.h"
#include "tcp/LengthPrefixFraming.h"
#include "tcp/MllpFraming.h"

namespace portico::tcp
{

namespace
{

std::shared_ptr<const Framing> lengthPrefix(ConfigReader& reader, std::size_t maxBytes)
{
    reader.allowAttributes({"type", "maxBytes", "bytes", "byteOrder", "inclusive"});
    const std::optional<std::string> bytes = reader.choice("bytes", "2", {"1", "2", "4"});
    const std::optional<std::string> order = reader.choice("byteOrder", "big", {"big", "little"});
    const std::optional<bool> inclusive = reader.boolean("inclusive", false);
    if (!bytes || !order || !inclusive)
    {
        return nullptr;
    }
    return std::make_shared<LengthPrefixFraming>(static_cast<unsigned>(std::stoul(*bytes)),
                                                 *order == "big" ? LengthPrefixFraming::ByteOrder::Big
                                                                 : LengthPrefixFraming::ByteOrder::Little,
                                                 *inclusive, maxBytes);
}

std::shared_ptr<const Framing> asciiLength(ConfigReader& reader, std::size_t maxBytes)
{
    reader.allowAttributes({"type", "maxBytes", "digits", "inclusive"});
    const std::optional<std::uint64_t> digits = reader.number("digits", 4, 1, 9);
    const std::optional<bool> inclusive = reader.boolean("inclusive", false);
    if (!digits || !inclusive)
    {
        return nullptr;
    }
    return std::make_shared<AsciiLengthFraming>(static_cast<unsigned>(*digits), *inclusive, maxBytes);
}

std::shared_ptr<const Framing> delimiter(ConfigReader& reader, std::size_t maxBytes)
{
    reader.allowAttributes({"type", "maxBytes", "bytes"});
    const std::string written = reader.attribute("bytes", "\\n");
    std::string bytes;
    std::string error;
    if (!ByteEscapes::unescape(written, bytes, error))
    {
        reader.error("bytes=\"" + written + "\": " + error);
        return nullptr;
    }
    if (bytes.empty())
    {
        reader.error("bytes must not be empty");
        return nullptr;
    }
    return std::make_shared<DelimiterFraming>(bytes, maxBytes);
}

std::shared_ptr<const Framing> mllp(ConfigReader& reader, std::size_t maxBytes)
{
    reader.allowAttributes({"type", "maxBytes"});
    return std::make_shared<MllpFraming>(maxBytes);
}

std::shared_ptr<const Framing> fixed(ConfigReader& reader, std::size_t maxBytes)
{
    reader.allowAttributes({"type", "maxBytes", "bytes"});
    if (!reader.attribute("bytes"))
    {
        reader.error("bytes is required: the size of every message");
        return nullptr;
    }
    const std::optional<std::uint64_t> bytes = reader.number("bytes", 0, 1, maxBytes);
    if (!bytes)
    {
        return nullptr;
    }
    return std::make_shared<FixedFraming>(static_cast<std::size_t>(*bytes), maxBytes);
}

} // namespace

std::shared_ptr<const Framing> FramingParser::parse(pugi::xml_node element, std::vector<std::string>& errors)
{
    ConfigReader reader(element, errors);
    const std::size_t errorsBefore = errors.size();
    reader.expectEmpty();
    const std::optional<std::string> type = reader.attribute("type");
    if (!type)
    {
        reader.error("type is required (length-prefix, ascii-length, delimiter, mllp or fixed)");
        return nullptr;
    }
    reader.setLabel("<framing type=\"" + *type + "\">");
    const std::optional<std::size_t> maxBytes = reader.size("maxBytes", defaultMaxBytes);
    if (!maxBytes)
    {
        return nullptr;
    }
    std::shared_ptr<const Framing> framing;
    if (*type == "length-prefix")
    {
        framing = lengthPrefix(reader, *maxBytes);
    }
    else if (*type == "ascii-length")
    {
        framing = asciiLength(reader, *maxBytes);
    }
    else if (*type == "delimiter")
    {
        framing = delimiter(reader, *maxBytes);
    }
    else if (*type == "mllp")
    {
        framing = mllp(reader, *maxBytes);
    }
    else if (*type == "fixed")
    {
        framing = fixed(reader, *maxBytes);
    }
    else
    {
        reader.error("unknown type (expected length-prefix, ascii-length, delimiter, mllp or fixed)");
        return nullptr;
    }
    return errors.size() == errorsBefore ? framing : nullptr;
}

} // namespace portico::tcp
