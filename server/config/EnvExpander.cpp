#include "config/EnvExpander.h"

#include <cstdlib>
#include <utility>

namespace portico::config
{

namespace
{

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

bool isValidName(std::string_view name)
{
    if (name.empty() || !isNameStart(name.front())) return false;
    for (char c : name)
    {
        if (!isNameChar(c)) return false;
    }
    return true;
}

} // namespace

EnvExpander::EnvExpander() : _lookup(&EnvExpander::processEnvironment) {}

EnvExpander::EnvExpander(Lookup lookup) : _lookup(std::move(lookup)) {}

std::optional<std::string> EnvExpander::processEnvironment(const std::string& name)
{
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

bool EnvExpander::expand(std::string_view text, std::string& out, std::string& error) const
{
    out.clear();
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size())
    {
        const std::size_t dollar = text.find('$', pos);
        if (dollar == std::string_view::npos)
        {
            out.append(text.substr(pos));
            break;
        }
        out.append(text.substr(pos, dollar - pos));
        const std::string_view rest = text.substr(dollar);
        if (rest.substr(0, 3) == "$${")
        {
            out.append("${");
            pos = dollar + 3;
            continue;
        }
        if (rest.substr(0, 2) != "${")
        {
            out.push_back('$');
            pos = dollar + 1;
            continue;
        }
        const std::size_t close = rest.find('}');
        if (close == std::string_view::npos)
        {
            error = "unterminated '${' (missing '}')";
            return false;
        }
        const std::string_view body = rest.substr(2, close - 2);
        const std::size_t defaultMark = body.find(":-");
        const std::string_view name = body.substr(0, defaultMark);
        if (!isValidName(name))
        {
            error = "invalid environment variable name '" + std::string(name) + "' in '${" +
                    std::string(body) + "}'";
            return false;
        }
        const std::optional<std::string> value = _lookup(std::string(name));
        if (defaultMark != std::string_view::npos)
        {
            const std::string_view fallback = body.substr(defaultMark + 2);
            if (fallback.find("${") != std::string_view::npos)
            {
                error = "the default of '${" + std::string(name) + "}' cannot contain '${'";
                return false;
            }
            if (value && !value->empty())
                out.append(*value);
            else
                out.append(fallback);
        }
        else if (value)
        {
            out.append(*value);
        }
        else
        {
            error = "environment variable '" + std::string(name) + "' is not set";
            return false;
        }
        pos = dollar + close + 1;
    }
    return true;
}

} // namespace portico::config
