#include "config/AdapterElement.h"

#include <sstream>

namespace portico::config
{

namespace
{

void expandAttributes(LoadContext& context, pugi::xml_node element)
{
    for (pugi::xml_attribute attribute : element.attributes())
    {
        std::string expanded;
        const std::string what = "'" + std::string(attribute.name()) + "' on <" + element.name() + ">";
        if (context.expand(attribute.value(), expanded, context.position(element, attribute), what) &&
            expanded != attribute.value())
        {
            attribute.set_value(expanded.c_str());
        }
    }
}

// pugixml's traverse() walks iteratively, so a deeply nested adapter body cannot exhaust the stack.
class Expander : public pugi::xml_tree_walker
{
public:
    explicit Expander(LoadContext& context) : _context(context) {}

    bool for_each(pugi::xml_node& node) override
    {
        if (node.type() == pugi::node_element)
        {
            expandAttributes(_context, node);
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
};

} // namespace

std::string expandAndPrintElement(LoadContext& context, pugi::xml_node element)
{
    Expander expander(context);
    element.traverse(expander);
    std::ostringstream out;
    // Raw: no indentation is added, so text content reaches the plugin byte for byte.
    element.print(out, "", pugi::format_raw | pugi::format_no_empty_element_tags);
    return out.str();
}

} // namespace portico::config
