#include "config/AdapterElement.h"

#include <sstream>

namespace portico::config
{

namespace
{

plugin::XmlPosition lineAndColumn(const SourcePosition& position)
{
    return plugin::XmlPosition{position.line, position.column};
}

void expandAttributes(LoadContext& context, pugi::xml_node element,
                      std::vector<plugin::XmlPosition>& positions)
{
    positions.push_back(lineAndColumn(context.position(element)));
    for (pugi::xml_attribute attribute : element.attributes())
    {
        std::string expanded;
        const std::string what = "'" + std::string(attribute.name()) + "' on <" + element.name() + ">";
        const SourcePosition where = context.position(element, attribute);
        positions.push_back(lineAndColumn(where));
        if (context.expand(attribute.value(), expanded, where, what) && expanded != attribute.value())
        {
            attribute.set_value(expanded.c_str());
        }
    }
}

// pugixml's traverse() walks iteratively, so a deeply nested adapter body cannot exhaust the stack.
// It visits in document order, which is the order of AdapterConfig::positions.
class Expander : public pugi::xml_tree_walker
{
public:
    Expander(LoadContext& context, std::vector<plugin::XmlPosition>& positions)
        : _context(context), _positions(positions)
    {
    }

    bool for_each(pugi::xml_node& node) override
    {
        if (node.type() == pugi::node_element)
        {
            expandAttributes(_context, node, _positions);
        }
        else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata)
        {
            std::string expanded;
            const std::string what = std::string("the text of <") + node.parent().name() + ">";
            // The position is taken before set_value(), which moves the text out of the parse buffer.
            if (_context.expand(node.value(), expanded, _context.position(node), what) &&
                expanded != node.value())
                node.set_value(expanded.c_str());
        }
        return true;
    }

private:
    LoadContext& _context;
    std::vector<plugin::XmlPosition>& _positions;
};

} // namespace

PreparedAdapterElement prepareAdapterElement(LoadContext& context, pugi::xml_node element)
{
    PreparedAdapterElement prepared;
    // The element's own attributes are the caller's to expand; their positions are listed all the same.
    prepared.positions.push_back(lineAndColumn(context.position(element)));
    for (const pugi::xml_attribute& attribute : element.attributes())
        prepared.positions.push_back(lineAndColumn(context.position(element, attribute)));
    Expander expander(context, prepared.positions);
    element.traverse(expander);
    std::ostringstream out;
    // Raw: no indentation is added, so text content reaches the plugin byte for byte.
    element.print(out, "", pugi::format_raw | pugi::format_no_empty_element_tags);
    prepared.xml = out.str();
    return prepared;
}

} // namespace portico::config
