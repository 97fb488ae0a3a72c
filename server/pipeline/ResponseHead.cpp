#include "pipeline/ResponseHead.h"

#include <algorithm>

namespace portico::pipeline
{

std::string_view ResponseHead::find(std::string_view name) const
{
    for (const http::HeaderField& field : fields)
    {
        if (util::equalsIgnoreCase(field.name, name))
        {
            return field.value;
        }
    }
    return {};
}

void ResponseHead::add(std::string_view name, std::string_view value)
{
    std::string_view keptName = _arena.copy(name);
    std::string_view keptValue = value.empty() ? std::string_view("", 0) : _arena.copy(value);
    fields.push_back({keptName, keptValue});
}

void ResponseHead::set(std::string_view name, std::string_view value)
{
    std::string_view keptValue = value.empty() ? std::string_view("", 0) : _arena.copy(value);
    bool placed = false;
    for (auto it = fields.begin(); it != fields.end();)
    {
        if (util::equalsIgnoreCase(it->name, name))
        {
            if (!placed)
            {
                it->value = keptValue;
                placed = true;
                ++it;
                continue;
            }
            it = fields.erase(it);
            continue;
        }
        ++it;
    }
    if (!placed)
    {
        fields.push_back({_arena.copy(name), keptValue});
    }
}

std::size_t ResponseHead::remove(std::string_view name)
{
    std::size_t before = fields.size();
    fields.erase(std::remove_if(fields.begin(), fields.end(),
                                [name](const http::HeaderField& field)
                                { return util::equalsIgnoreCase(field.name, name); }),
                 fields.end());
    return before - fields.size();
}

} // namespace portico::pipeline
