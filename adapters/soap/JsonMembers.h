#pragma once

// Looks up the members of one Poco::JSON::Object by name without copying them. Object::get()
// returns a copy of the value (a heap-allocated holder for every member read) and has()+get()
// searches twice; this borrows the object's own values instead. Valid while the object is alive
// and unchanged.

#include <Poco/JSON/Object.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace portico::soap
{

class JsonMembers
{
public:
    explicit JsonMembers(const Poco::JSON::Object& object)
    {
        // The object's map iterates in key order, so the index comes out sorted for binary search.
        _members.reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            _members.push_back(Member{it->first, &it->second});
    }

    // The value of member name, or nullptr when the object has no such member.
    const Poco::Dynamic::Var* find(std::string_view name) const
    {
        const auto found = std::lower_bound(_members.begin(), _members.end(), name,
                                            [](const Member& member, std::string_view key)
                                            { return std::string_view(member.name) < key; });
        return found != _members.end() && found->name == name ? found->value : nullptr;
    }

    struct Member
    {
        const std::string& name;
        const Poco::Dynamic::Var* value;
    };
    // In key (byte) order, not in the object's insertion order.
    const std::vector<Member>& all() const { return _members; }

private:
    std::vector<Member> _members;
};

} // namespace portico::soap
