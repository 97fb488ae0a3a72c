#include <portico/config/ElementReader.h>

#include <algorithm>

namespace portico::config
{

namespace
{

bool isBlank(std::string_view text)
{
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::string_view trimmed(std::string_view text)
{
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// "a, b or c", each name between before and after.
std::string listed(std::initializer_list<std::string_view> names, std::string_view before,
                   std::string_view after)
{
    std::string text;
    std::size_t index = 0;
    for (const std::string_view name : names)
    {
        if (index > 0) text += index + 1 == names.size() ? " or " : ", ";
        text.append(before).append(name).append(after);
        ++index;
    }
    return text;
}

} // namespace

std::string alternatives(std::initializer_list<std::string_view> names)
{
    return listed(names, "", "");
}

ElementReader::ElementReader(ReaderContext& context, pugi::xml_node element,
                             std::initializer_list<std::string_view> known)
    : ElementReader(context, element, std::string("<") + element.name() + ">", known)
{
}

ElementReader::ElementReader(ReaderContext& context, pugi::xml_node element, AttributesCheckedElsewhere)
    : _context(context), _element(element), _tag(std::string("<") + element.name() + ">")
{
}

ElementReader::ElementReader(ReaderContext& context, pugi::xml_node element, std::string tag,
                             std::initializer_list<std::string_view> known)
    : _context(context), _element(element), _tag(std::move(tag))
{
    for (const pugi::xml_attribute& attribute : _element.attributes())
    {
        const std::string_view name = attribute.name();
        if (std::find(known.begin(), known.end(), name) == known.end())
        {
            _context.error(_context.position(_element, attribute),
                           "unknown attribute '" + std::string(name) + "' on " + _tag +
                               (known.size() == 0 ? std::string(" (it takes none)")
                                                  : " (expected " + alternatives(known) + ")"));
        }
    }
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
                         "'" + std::string(attribute) + "' on " + _tag))
        return std::nullopt;
    return value;
}

std::optional<std::string> ElementReader::required(const char* attribute)
{
    if (!has(attribute))
    {
        error("missing attribute '" + std::string(attribute) + "' on " + _tag);
        return std::nullopt;
    }
    std::optional<std::string> value = text(attribute);
    if (value && value->empty())
    {
        error(attribute, "attribute '" + std::string(attribute) + "' on " + _tag + " must not be empty");
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
        invalid(attribute, *value,
                "must be at least " + std::to_string(min) + (min == 1 ? " byte" : " bytes"));
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
    std::uint64_t wide = target;
    if (!number(attribute, wide, min, max)) return false;
    target = static_cast<unsigned>(wide);
    return true;
}

bool ElementReader::number(const char* attribute, std::uint64_t& target, std::uint64_t min, std::uint64_t max)
{
    const std::optional<std::string> value = text(attribute);
    if (!value) return false;
    const std::optional<std::uint64_t> parsed = parseNumber(*value, min, max);
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

bool ElementReader::choice(const char* attribute, std::string& target,
                           std::initializer_list<std::string_view> options)
{
    const std::optional<std::string> value = text(attribute);
    if (!value) return false;
    if (std::find(options.begin(), options.end(), std::string_view(*value)) == options.end())
    {
        invalid(attribute, *value, "expected " + alternatives(options));
        return false;
    }
    target = *value;
    return true;
}

void ElementReader::invalid(const char* attribute, const std::string& value, const std::string& expectation)
{
    std::string shown = "'" + value + "'";
    const char* written = _element.attribute(attribute).value();
    if (value != written) shown += " (from '" + std::string(written) + "')";
    error(attribute,
          "invalid value " + shown + " for '" + std::string(attribute) + "' on " + _tag + ": " + expectation);
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
            if (!isBlank(child.value()))
                _context.error(_context.position(child), "unexpected text in " + _tag);
            break;
        default: // comments and processing instructions carry no configuration
            break;
        }
    }
}

void ElementReader::expectEmpty()
{
    forEachChild(
        [this](pugi::xml_node child)
        {
            _context.error(_context.position(child), "unexpected element <" + std::string(child.name()) +
                                                         "> in " + _tag + " (it takes attributes only)");
        });
}

std::optional<std::string> ElementReader::content()
{
    std::string written;
    for (const pugi::xml_node& child : _element.children())
    {
        if (child.type() == pugi::node_element)
            _context.error(_context.position(child), "unexpected element <" + std::string(child.name()) +
                                                         "> in " + _tag + " (it holds text only)");
        else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
            written += child.value();
    }
    std::string value;
    if (!_context.expand(trimmed(written), value, position(), "the text of " + _tag)) return std::nullopt;
    return value;
}

void ElementReader::unknownChild(const pugi::xml_node& child,
                                 std::initializer_list<std::string_view> expected)
{
    std::string message = "unknown element <" + std::string(child.name()) + "> in " + _tag;
    if (expected.size() != 0) message += " (expected " + listed(expected, "<", ">") + ")";
    _context.error(_context.position(child), message);
}

bool ElementReader::once(const pugi::xml_node& child, pugi::xml_node& first)
{
    if (first)
    {
        const std::string firstAt = describePosition(_context.position(first));
        _context.error(_context.position(child), "duplicate <" + std::string(child.name()) + "> in " + _tag +
                                                     (firstAt.empty() ? "" : " (first at " + firstAt + ")"));
        return false;
    }
    first = child;
    return true;
}

} // namespace portico::config
