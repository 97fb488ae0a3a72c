#pragma once

// Where a value sits in a request or reply ("order.items[2].qty"), for error messages. A path is
// a chain of small frames on the caller's stack, one per level, and is only spelled out when a
// message needs it: most values are fine, and building "a.b[1].c" strings for each of them was a
// large share of the per-request cost. Frames refer to their parent and to their name, both of
// which must outlive them (they are locals of the enclosing call, and names from the schema or
// the JSON object being walked).

#include <cstddef>
#include <string>
#include <string_view>

namespace portico::soap
{

class FieldPath
{
public:
    // The root: an empty path.
    FieldPath() = default;
    // A member of parent: "parent.name", or "name" at the root.
    FieldPath(const FieldPath& parent, std::string_view name) : _parent(&parent), _name(name) {}
    // An item of the array at parent: "parent[index]".
    FieldPath(const FieldPath& parent, std::size_t index) : _parent(&parent), _index(index), _isIndex(true) {}

    bool isRoot() const { return _parent == nullptr; }

    std::string text() const
    {
        std::string result;
        appendTo(result);
        return result;
    }

    // The text of this path's member name, for messages about a member that has no frame.
    std::string childText(std::string_view name) const { return FieldPath(*this, name).text(); }

    void appendTo(std::string& out) const
    {
        if (!_parent) return;
        _parent->appendTo(out);
        if (_isIndex)
        {
            out += '[';
            out += std::to_string(_index);
            out += ']';
            return;
        }
        if (!out.empty()) out += '.';
        out += _name;
    }

private:
    const FieldPath* _parent = nullptr;
    std::string_view _name;
    std::size_t _index = 0;
    bool _isIndex = false;
};

} // namespace portico::soap
