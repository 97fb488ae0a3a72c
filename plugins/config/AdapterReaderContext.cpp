#include <portico/config/AdapterReaderContext.h>

#include <filesystem>
#include <vector>

namespace portico::config
{

AdapterReaderContext::AdapterReaderContext(const plugin::AdapterConfig& config, pugi::xml_node adapterElement,
                                           std::vector<std::string>& errors)
    : _baseDirectory(config.baseDirectory), _adapter{config.sourceFile, config.line, config.column},
      _errors(errors)
{
    indexPositions(config.positions, adapterElement);
}

void AdapterReaderContext::indexPositions(const std::vector<plugin::XmlPosition>& positions,
                                          pugi::xml_node adapterElement)
{
    // The same walk as the host's: an element, its attributes, then its children, iteratively so
    // that a deep element cannot exhaust the stack.
    std::vector<pugi::xml_node> pending{adapterElement};
    std::size_t next = 0;
    bool fits = true;
    while (!pending.empty() && fits)
    {
        const pugi::xml_node element = pending.back();
        pending.pop_back();
        fits = next < positions.size();
        if (fits) _positions.emplace(element.internal_object(), positions[next++]);
        for (const pugi::xml_attribute& attribute : element.attributes())
        {
            fits = fits && next < positions.size();
            if (fits) _positions.emplace(attribute.internal_object(), positions[next++]);
        }
        std::vector<pugi::xml_node> children;
        for (const pugi::xml_node& child : element.children())
            if (child.type() == pugi::node_element) children.push_back(child);
        pending.insert(pending.end(), children.rbegin(), children.rend());
    }
    // A table that does not describe this element (another host, a changed document) would put
    // errors in the wrong places: the <adapter> element's own position is honest instead.
    if (!fits || next != positions.size()) _positions.clear();
}

SourcePosition AdapterReaderContext::at(const void* node) const
{
    const auto found = _positions.find(node);
    if (found == _positions.end()) return _adapter;
    return SourcePosition{_adapter.file, found->second.line, found->second.column};
}

SourcePosition AdapterReaderContext::position(const pugi::xml_node& node) const
{
    // Text has no entry of its own: it is where its element is.
    const pugi::xml_node element = node.type() == pugi::node_element ? node : node.parent();
    return at(element.internal_object());
}

SourcePosition AdapterReaderContext::position(const pugi::xml_node& element,
                                              const pugi::xml_attribute& attribute) const
{
    const auto found = _positions.find(attribute.internal_object());
    if (found == _positions.end()) return position(element);
    return SourcePosition{_adapter.file, found->second.line, found->second.column};
}

void AdapterReaderContext::error(const SourcePosition& where, std::string message)
{
    _errors.push_back(positionedMessage(where, message));
}

bool AdapterReaderContext::expand(std::string_view text, std::string& out, const SourcePosition&,
                                  const std::string&)
{
    out.assign(text);
    return true;
}

std::string AdapterReaderContext::resolvePath(const std::string& path) const
{
    if (path.empty()) return path;
    const std::filesystem::path given(path);
    if (given.is_absolute() || _baseDirectory.empty()) return given.lexically_normal().string();
    return (std::filesystem::path(_baseDirectory) / given).lexically_normal().string();
}

} // namespace portico::config
