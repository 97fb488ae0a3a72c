#pragma once

// What <request codec="…"> or <response codec="…"> configures: the codec and, for fixed, the
// record layout. Plain value, built once.

#include "tcp/RecordLayout.h"

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
        Hl7v2
    };

    Kind kind = Kind::Text;
    RecordLayout layout; // Fixed only

    // Parses a <request> or <response> element. Returns nullopt after appending one message per
    // problem to errors.
    static std::optional<CodecConfig> parse(pugi::xml_node element, const Charset& charset,
                                            std::vector<std::string>& errors);
};

} // namespace portico::tcp
