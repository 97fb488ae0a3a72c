#include "config/ElementReader.h"

#include <portico/config/Values.h>

#include <algorithm>

namespace portico::config
{

ElementReader::ElementReader(LoadContext& context, pugi::xml_node element,
                             std::initializer_list<std::string_view> known)
    : _context(context), _element(element)
{
    for (const pugi::xml_attribute& attribute : _element.attributes())
    {
        const std::string_view name = attribute.name();
        if (std::find(known.begin(), known.end(), name) == known.end())
        {
            _context.error(_context.position(_element, attribute),
                           "unknown attribute '" + std::string(name) + "' on " + tag());
        }
    }
}

std::string ElementReader::tag() const
{
    return std::string("<") + _element.name() + ">";
}

SourcePosition ElementReader::position() const
{
    return _context.position(_element);
}

SourcePosition ElementReader::position(const char* attribute) const
{
    const pugi::xml_attribute found = _element.attribute(attribute);
    if (!found) return position();
    return _context.position(_element, found);
}

bool ElementReader::has(const char* attribute) const
{
    return static_cast<bool>(_element.attribute(attribute));
}

std::optional<std::string> ElementReader::text(const char* attribute)
{
    const pugi::xml_attribute found = _element.attribute(attribute);
    if (!found) return std::nullopt;
    std::string value;
    if (!_context.expand(found.value(), value, position(attribute),
                         "'" + std::string(attribute) + "' on " + tag()))
        return std::nullopt;
    return value;
}

std::optional<std::string> ElementReader::required(const char* attribute)
{
    if (!has(attribute))
    {
        error("missing attribute '" + std::string(attribute) + "' on " + tag());
        return std::nullopt;
    }
    std::optional<std::string> value = text(attribute);
    if (value && value->empty())
    {
        error(attribute, "attribute '" + std::string(attribute) + "' on " + tag() + " must not be empty");
        return std::nullopt;
    }
    return value;
}

bool ElementReader::duration(const char* attribute, Duration& target, bool allowZero)
{
    const std::optional<std::string> value = text(attribute);
    if (!value) return false;
    const std::optional<Duration> parsed = parseDuration(*value);
    if (!parsed)
    {
        invalid(attribute, *value, "expected a duration such as 250ms, 30s, 5m, 2h or 1d");
        return false;
    }
    if (!allowZero && parsed->count() == 0)
    {
        invalid(attribute, *value, "must be greater than 0");
        return false;
    }
    target = *parsed;
    return true;
}

bool ElementReader::size(const char* attribute, std::size_t& target, std::size_t min)
{
    const std::optional<std::string> value = text(attribute);
    if (!value) return false;
    const std::optional<std::size_t> parsed = parseSize(*value);
    if (!parsed)
    {
        invalid(attribute, *value, "expected a size such as 1024, 64KiB or 10MiB");
        return false;
    }
    if (*parsed < min)
    {
        invalid(attribute, *value, "must be at least " + std::to_string(min) + " bytes");
        return false;
    }
    target = *parsed;
    return true;
}

bool ElementReader::boolean(const char* attribute, bool& target)
{
    const std::optional<std::string> value = text(attribute);
    if (!value) return false;
    const std::optional<bool> parsed = parseBool(*value);
    if (!parsed)
    {
        invalid(attribute, *value, "expected true or false");
        return false;
    }
    target = *parsed;
    return true;
}

bool ElementReader::number(const char* attribute, unsigned& target, unsigned min, unsigned max)
{
    const std::optional<std::string> value = text(attribute);
    if (!value) return false;
    const std::optional<unsigned> parsed = parseUnsigned(*value, min, max);
    if (!parsed)
    {
        invalid(attribute, *value,
                "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return false;
    }
    target = *parsed;
    return true;
}

bool ElementReader::path(const char* attribute, std::string& target)
{
    const std::optional<std::string> value = text(attribute);
    if (!value) return false;
    target = _context.resolvePath(*value);
    return true;
}

void ElementReader::invalid(const char* attribute, const std::string& value, const std::string& expectation)
{
    std::string shown = "'" + value + "'";
    const char* written = _element.attribute(attribute).value();
    if (value != written) shown += " (from '" + std::string(written) + "')";
    error(attribute, "invalid value " + shown + " for '" + std::string(attribute) + "' on " + tag() + ": " +
                         expectation);
}

void ElementReader::error(const char* attribute, const std::string& message)
{
    _context.error(position(attribute), message);
}

void ElementReader::error(const std::string& message)
{
    _context.error(position(), message);
}

void ElementReader::forEachChild(const std::function<void(pugi::xml_node)>& onElement)
{
    for (const pugi::xml_node& child : _element.children())
    {
        switch (child.type())
        {
        case pugi::node_element:
            onElement(child);
            break;
        case pugi::node_pcdata:
        case pugi::node_cdata:
            _context.error(_context.position(child), "unexpected text in " + tag());
            break;
        default: // comments and processing instructions carry no configuration
            break;
        }
    }
}

void ElementReader::unknownChild(const pugi::xml_node& child)
{
    _context.error(_context.position(child),
                   "unknown element <" + std::string(child.name()) + "> in " + tag());
}

bool ElementReader::once(const pugi::xml_node& child, pugi::xml_node& first)
{
    if (first)
    {
        _context.error(_context.position(child), "duplicate <" + std::string(child.name()) + "> in " + tag() +
                                                     " (first at " +
                                                     LoadContext::describe(_context.position(first)) + ")");
        return false;
    }
    first = child;
    return true;
}

void reportUnsupported(LoadContext& context, const pugi::xml_node& element)
{
    context.error(context.position(element),
                  "<" + std::string(element.name()) + "> is not supported by this version of porticod");
}

} // namespace portico::config
