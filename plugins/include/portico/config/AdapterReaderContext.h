#pragma once

// The ReaderContext of an adapter plugin: reads the <adapter> element the gateway handed over
// (AdapterConfig::elementXml, already expanded) and reports each problem at the FILE:LINE:COL
// where the user wrote the node concerned, from AdapterConfig::positions. When the host gave no
// positions (a unit test parsing a string), messages carry no prefix. Configuration time only.

#include <portico/config/ReaderContext.h>
#include <portico/plugin/PluginAbi.h>

#include <pugixml.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace portico::config
{

class AdapterReaderContext : public ReaderContext
{
public:
    // adapterElement: config.elementXml as the plugin parsed it (the document must outlive this).
    // errors receives "FILE:LINE:COL: message" lines.
    AdapterReaderContext(const plugin::AdapterConfig& config, pugi::xml_node adapterElement,
                         std::vector<std::string>& errors);

    SourcePosition position(const pugi::xml_node& node) const override;
    SourcePosition position(const pugi::xml_node& element,
                            const pugi::xml_attribute& attribute) const override;
    void error(const SourcePosition& where, std::string message) override;
    // The host expanded ${…} before handing the element over: values are taken as they are.
    bool expand(std::string_view text, std::string& out, const SourcePosition& where,
                const std::string& what) override;
    std::string resolvePath(const std::string& path) const override;

    // How many errors were reported so far (for "did this part read cleanly?").
    std::size_t errorCount() const { return _errors.size(); }

    // The <adapter> element's own position.
    const SourcePosition& adapterPosition() const { return _adapter; }

private:
    void indexPositions(const std::vector<plugin::XmlPosition>& positions, pugi::xml_node adapterElement);
    SourcePosition at(const void* node) const;

    std::string _baseDirectory;
    SourcePosition _adapter;
    std::unordered_map<const void*, plugin::XmlPosition> _positions; // pugixml node and attribute objects
    std::vector<std::string>& _errors;
};

} // namespace portico::config
