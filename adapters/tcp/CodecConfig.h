#pragma once

// What <request codec="…"> or <response codec="…"> configures: the codec and, for fixed, the
// record layout. Plain value, built once.

#include "tcp/RecordLayout.h"

#include <portico/config/AdapterReaderContext.h>

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

namespace portico::tcp
{

class Charset;

struct CodecConfig
{
    enum class Kind
    {
        Text,
        Fixed,
        Hl7v2,
        Iso8583 // the message definition is the adapter's <iso8583> (TcpConfig::iso8583)
    };

    Kind kind = Kind::Text;
    RecordLayout layout; // Fixed only

    // Parses a <request> or <response> element. Returns nullopt after reporting each problem
    // to context.
    static std::optional<CodecConfig> parse(pugi::xml_node element, const Charset& charset,
                                            config::AdapterReaderContext& context);
};

} // namespace portico::tcp
