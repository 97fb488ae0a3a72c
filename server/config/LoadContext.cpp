#include "config/LoadContext.h"

#include "pipeline/PolicyRegistry.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <utility>

namespace portico::config
{

namespace
{

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

LoadContext::LoadContext(std::string fileName, std::string baseDirectory, std::string_view text,
                         const EnvExpander& expander)
    : _fileName(std::move(fileName)), _baseDirectory(std::move(baseDirectory)), _sourceMap(text),
      _expander(expander)
{
}

SourcePosition LoadContext::positionOfOffset(std::ptrdiff_t offset) const
{
    const SourceMap::Location location = _sourceMap.locate(offset < 0 ? 0 : static_cast<std::size_t>(offset));
    return SourcePosition{_fileName, location.line, location.column};
}

SourcePosition LoadContext::position(const pugi::xml_node& node) const
{
    std::ptrdiff_t offset = node.offset_debug();
    if (offset < 0) return positionOfOffset(0);
    const std::string_view text = _sourceMap.text();
    switch (node.type())
    {
    case pugi::node_element:
    case pugi::node_declaration:
    case pugi::node_pi:
        // offset_debug() gives the name; point at the '<' (or "<?") before it, like the tag.
        while (offset > 0 && text[static_cast<std::size_t>(offset) - 1] != '<')
            --offset;
        if (offset > 0) --offset;
        break;
    case pugi::node_cdata:
        // offset_debug() gives the content; point at "<![CDATA[".
        if (offset >= 9) offset -= 9;
        break;
    case pugi::node_doctype:
    {
        const std::size_t open = text.rfind("<!", static_cast<std::size_t>(offset));
        if (open != std::string_view::npos) offset = static_cast<std::ptrdiff_t>(open);
        break;
    }
    case pugi::node_pcdata:
        // Leading indentation is part of the text node; the first visible character is what
        // a reader looks for.
        while (static_cast<std::size_t>(offset) < text.size() &&
               isSpace(text[static_cast<std::size_t>(offset)]))
            ++offset;
        break;
    default:
        break;
    }
    return positionOfOffset(offset);
}

SourcePosition LoadContext::position(const pugi::xml_node& element,
                                     const pugi::xml_attribute& attribute) const
{
    const std::ptrdiff_t elementOffset = element.offset_debug();
    if (elementOffset < 0) return position(element);
    const std::string_view text = _sourceMap.text();
    const std::string_view name = attribute.name();

    // Pointer arithmetic through uintptr_t: both names live in pugixml's one parse buffer, but
    // nothing in the language promises that, so the result is checked against the text.
    const auto bufferStart =
        reinterpret_cast<std::uintptr_t>(element.name()) - static_cast<std::uintptr_t>(elementOffset);
    const auto attributeAddress = reinterpret_cast<std::uintptr_t>(attribute.name());
    if (attributeAddress >= bufferStart)
    {
        const std::size_t offset = attributeAddress - bufferStart;
        if (offset < text.size() && text.substr(offset, name.size()) == name)
            return positionOfOffset(static_cast<std::ptrdiff_t>(offset));
    }

    // Fallback: the name, preceded by white space and followed by '=', inside the start tag.
    const std::size_t tagEnd = text.find('>', static_cast<std::size_t>(elementOffset));
    std::size_t from = static_cast<std::size_t>(elementOffset);
    while (true)
    {
        const std::size_t found = text.find(name, from);
        if (found == std::string_view::npos || found >= tagEnd) break;
        std::size_t after = found + name.size();
        while (after < text.size() && isSpace(text[after]))
            ++after;
        if (found > 0 && isSpace(text[found - 1]) && after < text.size() && text[after] == '=')
            return positionOfOffset(static_cast<std::ptrdiff_t>(found));
        from = found + 1;
    }
    return position(element);
}

std::string LoadContext::describe(const SourcePosition& position)
{
    return describePosition(position);
}

void LoadContext::error(const SourcePosition& where, std::string message)
{
    _errors.push_back(Diagnostic{where, std::move(message)});
}

std::vector<std::string> LoadContext::takeErrors()
{
    std::stable_sort(_errors.begin(), _errors.end(),
                     [](const Diagnostic& a, const Diagnostic& b)
                     { return comesBefore(a.position, b.position); });
    std::vector<std::string> lines;
    lines.reserve(_errors.size());
    for (const Diagnostic& diagnostic : _errors)
    {
        // An element of <defaults> is read once per route it applies to: say each problem once.
        std::string line = describe(diagnostic.position) + ": " + diagnostic.message;
        if (lines.empty() || lines.back() != line) lines.push_back(std::move(line));
    }
    _errors.clear();
    return lines;
}

bool LoadContext::expand(std::string_view text, std::string& out, const SourcePosition& where,
                         const std::string& what)
{
    std::string reason;
    if (_expander.expand(text, out, reason)) return true;
    error(where, reason + " (in " + what + ")");
    return false;
}

std::string LoadContext::resolvePath(const std::string& path) const
{
    if (path.empty()) return path;
    const std::filesystem::path given(path);
    if (given.is_absolute()) return given.lexically_normal().string();
    return (std::filesystem::path(_baseDirectory) / given).lexically_normal().string();
}

const pipeline::PolicyRegistry& LoadContext::policies() const
{
    return _policies != nullptr ? *_policies : pipeline::PolicyRegistry::builtin();
}

} // namespace portico::config
