#pragma once

// <field name length type scale align pad value/> into a FixedField, with the defaults of
// README.md (type string; align left for strings, right for numbers; pad ' ' for strings, '0' for
// right-aligned numbers, ' ' for left-aligned ones; scale 0) and every check that can be made before traffic:
// a constant's value must fit and be a valid value of its type, and the pad and the constant must exist in
// the charset. Configuration time only.

#include "tcp/Charset.h"
#include "tcp/RecordLayout.h"

#include <portico/config/AdapterReaderContext.h>

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

namespace portico::tcp
{

class FieldParser
{
public:
    static constexpr std::size_t maxLength = 1024 * 1024;

    // Returns the field, or nullopt after reporting each problem to context.
    static std::optional<FixedField> parse(pugi::xml_node element, const Charset& charset,
                                           config::AdapterReaderContext& context);
};

} // namespace portico::tcp
