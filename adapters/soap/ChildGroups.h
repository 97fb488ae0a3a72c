#pragma once

// The child elements of one element, bucketed by local name, for the reply mapping
// (TypedMapping, UntypedMapping), which writes all values of one name together. Only the nodes
// are kept, so that a second pass can write each value straight into the reply's JSON text
// instead of rendering it into a string of its own first. Valid while the document is.

#include "soap/SchemaModel.h"

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace portico::soap
{

class ChildGroups
{
public:
    struct Group
    {
        std::string_view name;
        const ElementUse* use = nullptr; // the schema's element; nullptr for an unknown child
        std::size_t count = 0;
        std::size_t first = SIZE_MAX; // into _children, chained through Child::next
        std::size_t last = SIZE_MAX;
    };

    // A group that is there even without children (the schema's elements); before collect().
    void preset(std::string_view name, const ElementUse* use);
    // Buckets the child elements of element in document order. A name not seen before gets a
    // new group, after the existing ones.
    void collect(pugi::xml_node element);

    const std::vector<Group>& groups() const { return _groups; }

    // Calls visit(node, index) for each element of group in document order; false from visit
    // stops the walk and is returned.
    template <class Visit> bool forEach(const Group& group, Visit&& visit) const
    {
        std::size_t index = 0;
        for (std::size_t at = group.first; at != SIZE_MAX; at = _children[at].next)
        {
            if (!visit(_children[at].node, index++)) return false;
        }
        return true;
    }

private:
    struct Child
    {
        pugi::xml_node node;
        std::size_t next = SIZE_MAX;
    };

    std::vector<Group> _groups;
    std::vector<Child> _children;
};

} // namespace portico::soap
