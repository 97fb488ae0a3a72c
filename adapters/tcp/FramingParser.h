#pragma once

// <framing type="…" maxBytes="1MiB" …/> into a Framing. README.md lists the attributes of each
// type with their defaults. Configuration time only.

#include "tcp/Framing.h"

#include <portico/config/AdapterReaderContext.h>

#include <pugixml.hpp>

#include <memory>

namespace portico::tcp
{

class FramingParser
{
public:
    static constexpr std::size_t defaultMaxBytes = 1024 * 1024;

    // Returns the framing, or nullptr after reporting each problem to context.
    static std::shared_ptr<const Framing> parse(pugi::xml_node element,
                                                config::AdapterReaderContext& context);
};

} // namespace portico::tcp
