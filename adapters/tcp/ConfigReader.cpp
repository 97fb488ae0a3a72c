#include "tcp/ConfigReader.h"

#include <cstring>

namespace portico::tcp
{

namespace
{

std::string trimmed(const std::string& text)
{
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
    {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string list(std::initializer_list<const char*> names)
{
    std::string text;
    std::size_t index = 0;
    for (const char* name : names)
    {
        text += (index == 0 ? "" : (index + 1 == names.size() ? " or " : ", ")) + std::string(name);
        ++index;
    }
    return text;
}

} // namespace

ConfigReader::ConfigReader(pugi::xml_node element, std::vector<std::string>& errors)
    : _element(element), _errors(errors), _label("<" + std::string(element.name()) + ">")
{
}

void ConfigReader::error(const std::string& message)
{
    _errors.push_back(_label + ": " + message);
}

void ConfigReader::allowAttributes(std::initializer_list<const char*> allowed)
{
    for (pugi::xml_attribute attribute : _element.attributes())
    {
        bool known = false;
        for (const char* name : allowed)
        {
            known = known || std::strcmp(attribute.name(), name) == 0;
        }
        if (!known)
        {
            error("unknown attribute '" + std::string(attribute.name()) + "'" +
                  (allowed.size() == 0 ? std::string(" (it takes none)")
                                       : " (expected " + list(allowed) + ")"));
        }
    }
}

void ConfigReader::expectEmpty()
{
    for (pugi::xml_node child : _element.children())
    {
        if (child.type() == pugi::node_element)
        {
            error("unexpected element <" + std::string(child.name()) + ">");
        }
        else if ((child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) &&
                 !trimmed(child.value()).empty())
        {
            error("unexpected text \"" + trimmed(child.value()) + "\"");
        }
    }
}

std::string ConfigReader::text()
{
    allowAttributes({});
    std::string content;
    for (pugi::xml_node child : _element.children())
    {
        if (child.type() == pugi::node_element)
        {
            error("unexpected element <" + std::string(child.name()) + "> (only text belongs here)");
        }
        else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
        {
            content += child.value();
        }
    }
    return trimmed(content);
}

std::optional<std::string> ConfigReader::attribute(const char* name) const
{
    const pugi::xml_attribute attribute = _element.attribute(name);
    if (!attribute)
    {
        return std::nullopt;
    }
    return std::string(attribute.value());
}

std::string ConfigReader::attribute(const char* name, const std::string& fallback) const
{
    return attribute(name).value_or(fallback);
}

void ConfigReader::invalid(const char* name, const std::string& value, const std::string& expected)
{
    error(std::string(name) + "=\"" + value + "\" is not valid: expected " + expected);
}

std::optional<std::uint64_t> ConfigReader::number(const char* name, std::uint64_t fallback, std::uint64_t min,
                                                  std::uint64_t max)
{
    const std::optional<std::string> value = attribute(name);
    if (!value)
    {
        return fallback;
    }
    const std::optional<std::uint64_t> parsed = ConfigValues::number(*value, min, max);
    if (!parsed)
    {
        invalid(name, *value, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return parsed;
}

std::optional<std::chrono::milliseconds> ConfigReader::duration(const char* name,
                                                                std::chrono::milliseconds fallback)
{
    const std::optional<std::string> value = attribute(name);
    if (!value)
    {
        return fallback;
    }
    const std::optional<std::chrono::milliseconds> parsed = ConfigValues::duration(*value);
    if (!parsed || parsed->count() <= 0)
    {
        invalid(name, *value, "a positive duration such as 250ms, 2s or 1m");
        return std::nullopt;
    }
    return parsed;
}

std::optional<std::size_t> ConfigReader::size(const char* name, std::size_t fallback)
{
    const std::optional<std::string> value = attribute(name);
    if (!value)
    {
        return fallback;
    }
    const std::optional<std::size_t> parsed = ConfigValues::size(*value);
    if (!parsed || *parsed == 0)
    {
        invalid(name, *value, "a positive size such as 1024, 64KiB or 1MiB");
        return std::nullopt;
    }
    return parsed;
}

std::optional<bool> ConfigReader::boolean(const char* name, bool fallback)
{
    const std::optional<std::string> value = attribute(name);
    if (!value)
    {
        return fallback;
    }
    const std::optional<bool> parsed = ConfigValues::boolean(*value);
    if (!parsed)
    {
        invalid(name, *value, "true or false");
    }
    return parsed;
}

std::optional<std::string> ConfigReader::choice(const char* name, const std::string& fallback,
                                                std::initializer_list<const char*> choices)
{
    const std::optional<std::string> value = attribute(name);
    if (!value)
    {
        return fallback;
    }
    for (const char* candidate : choices)
    {
        if (*value == candidate)
        {
            return value;
        }
    }
    invalid(name, *value, list(choices));
    return std::nullopt;
}

} // namespace portico::tcp
