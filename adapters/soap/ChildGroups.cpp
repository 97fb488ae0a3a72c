#include "soap/ChildGroups.h"

#include "soap/XmlNames.h"

namespace portico::soap
{

void ChildGroups::preset(std::string_view name, const ElementUse* use)
{
    Group group;
    group.name = name;
    group.use = use;
    _groups.push_back(group);
}

void ChildGroups::collect(pugi::xml_node element)
{
    for (pugi::xml_node child : element.children())
    {
        if (child.type() != pugi::node_element) continue;
        const std::string_view name = localName(child.name());
        std::size_t index = 0;
        while (index < _groups.size() && _groups[index].name != name)
            ++index;
        if (index == _groups.size())
        {
            Group group;
            group.name = name;
            _groups.push_back(group);
        }
        Group& group = _groups[index];
        const std::size_t at = _children.size();
        _children.push_back(Child{child});
        if (group.count == 0)
            group.first = at;
        else
            _children[group.last].next = at;
        group.last = at;
        ++group.count;
    }
}

} // namespace portico::soap
