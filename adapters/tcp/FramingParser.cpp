#include "tcp/FramingParser.h"

#include "tcp/AsciiLengthFraming.h"
#include "tcp/ByteEscapes.h"
#include "tcp/DelimiterFraming.h"
#include "tcp/FixedFraming.h"
#include "tcp/LengthPrefixFraming.h"
#include "tcp/MllpFraming.h"

#include <portico/config/ElementReader.h>

namespace portico::tcp
{

namespace
{

using config::ElementReader;

// What every type shares: an empty element and maxBytes.
bool readCommon(ElementReader& reader, std::size_t& maxBytes)
{
    reader.expectEmpty();
    return !reader.has("maxBytes") || reader.size("maxBytes", maxBytes, 1);
}

std::shared_ptr<const Framing> lengthPrefix(ElementReader&& reader)
{
    std::size_t maxBytes = FramingParser::defaultMaxBytes;
    unsigned bytes = 2;
    auto order = LengthPrefixFraming::ByteOrder::Big;
    bool inclusive = false;
    if (!readCommon(reader, maxBytes)) return nullptr;
    reader.choice<unsigned>("bytes", bytes, {{"1", 1}, {"2", 2}, {"4", 4}});
    reader.choice<LengthPrefixFraming::ByteOrder>(
        "byteOrder", order,
        {{"big", LengthPrefixFraming::ByteOrder::Big}, {"little", LengthPrefixFraming::ByteOrder::Little}});
    reader.boolean("inclusive", inclusive);
    return std::make_shared<LengthPrefixFraming>(bytes, order, inclusive, maxBytes);
}

std::shared_ptr<const Framing> asciiLength(ElementReader&& reader)
{
    std::size_t maxBytes = FramingParser::defaultMaxBytes;
    unsigned digits = 4;
    bool inclusive = false;
    if (!readCommon(reader, maxBytes)) return nullptr;
    reader.number("digits", digits, 1, 9);
    reader.boolean("inclusive", inclusive);
    return std::make_shared<AsciiLengthFraming>(digits, inclusive, maxBytes);
}

std::shared_ptr<const Framing> delimiter(ElementReader&& reader)
{
    std::size_t maxBytes = FramingParser::defaultMaxBytes;
    if (!readCommon(reader, maxBytes)) return nullptr;
    const std::string written = reader.text("bytes").value_or("\\n");
    std::string bytes;
    std::string error;
    if (!ByteEscapes::unescape(written, bytes, error))
    {
        reader.invalid("bytes", written, error);
        return nullptr;
    }
    if (bytes.empty())
    {
        reader.error("bytes", "attribute 'bytes' on " + reader.tag() + " must not be empty");
        return nullptr;
    }
    return std::make_shared<DelimiterFraming>(bytes, maxBytes);
}

std::shared_ptr<const Framing> mllp(ElementReader&& reader)
{
    std::size_t maxBytes = FramingParser::defaultMaxBytes;
    if (!readCommon(reader, maxBytes)) return nullptr;
    return std::make_shared<MllpFraming>(maxBytes);
}

std::shared_ptr<const Framing> fixed(ElementReader&& reader)
{
    std::size_t maxBytes = FramingParser::defaultMaxBytes;
    if (!readCommon(reader, maxBytes)) return nullptr;
    if (!reader.has("bytes"))
    {
        reader.error("missing attribute 'bytes' on " + reader.tag() + ": the size of every message");
        return nullptr;
    }
    std::uint64_t bytes = 0;
    if (!reader.number("bytes", bytes, 1, maxBytes)) return nullptr;
    return std::make_shared<FixedFraming>(static_cast<std::size_t>(bytes), maxBytes);
}

const char* const typeNames = "length-prefix, ascii-length, delimiter, mllp or fixed";

} // namespace

std::shared_ptr<const Framing> FramingParser::parse(pugi::xml_node element,
                                                    config::AdapterReaderContext& context)
{
    const std::size_t errorsBefore = context.errorCount();
    const std::string type = element.attribute("type").value();
    // Which attributes are allowed depends on the type, so each type's reader checks its own.
    const std::string tag = "<framing type=\"" + type + "\">";
    std::shared_ptr<const Framing> framing;
    if (type == "length-prefix")
        framing = lengthPrefix(
            ElementReader(context, element, tag, {"type", "maxBytes", "bytes", "byteOrder", "inclusive"}));
    else if (type == "ascii-length")
        framing =
            asciiLength(ElementReader(context, element, tag, {"type", "maxBytes", "digits", "inclusive"}));
    else if (type == "delimiter")
        framing = delimiter(ElementReader(context, element, tag, {"type", "maxBytes", "bytes"}));
    else if (type == "mllp")
        framing = mllp(ElementReader(context, element, tag, {"type", "maxBytes"}));
    else if (type == "fixed")
        framing = fixed(ElementReader(context, element, tag, {"type", "maxBytes", "bytes"}));
    else if (const pugi::xml_attribute written = element.attribute("type"))
        context.error(context.position(element, written),
                      "invalid value '" + type + "' for 'type' on <framing>: expected " + typeNames);
    else
        context.error(context.position(element),
                      "missing attribute 'type' on <framing> (" + std::string(typeNames) + ")");
    return context.errorCount() == errorsBefore ? framing : nullptr;
}

} // namespace portico::tcp
