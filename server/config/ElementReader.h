#pragma once

// Reads one configuration element: checks its attributes against the ones it may carry,
// expands ${…} in each value it hands out, converts values with the SDK's value parsers, and reports every
// problem at the attribute's FILE:LINE:COL through the LoadContext. A reader never throws; a
// value that fails leaves the target untouched (so defaults survive) and returns false.

#include "config/Config.h"
#include "config/LoadContext.h"

#include <pugixml.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::config
{

class ElementReader
{
public:
    // Reports "unknown attribute 'x' on <tag>" for every attribute not in known.
    ElementReader(LoadContext& context, pugi::xml_node element,
                  std::initializer_list<std::string_view> known);

    pugi::xml_node element() const { return _element; }
    std::string tag() const; // "<listener>"
    SourcePosition position() const;
    SourcePosition position(const char* attribute) const;
    LoadContext& context() { return _context; }

    bool has(const char* attribute) const;

    // The expanded value; nullopt when absent or when expansion failed (already reported).
    std::optional<std::string> text(const char* attribute);
    // As text(), but a missing or empty value is reported as missing.
    std::optional<std::string> required(const char* attribute);

    // Each converts an attribute that is present and stores it in target; absent leaves target.
    bool duration(const char* attribute, Duration& target, bool allowZero = true);
    bool size(const char* attribute, std::size_t& target, std::size_t min = 0);
    bool boolean(const char* attribute, bool& target);
    bool number(const char* attribute, unsigned& target, unsigned min, unsigned max);
    // A file or folder: relative values resolve against the configuration file's folder; an
    // empty value means "not set" so that "${CA_FILE:-}" can switch a file off.
    bool path(const char* attribute, std::string& target);

    template <typename T>
    bool choice(const char* attribute, T& target,
                std::initializer_list<std::pair<std::string_view, T>> options)
    {
        const std::optional<std::string> value = text(attribute);
        if (!value) return false;
        std::string expected;
        for (const auto& [name, option] : options)
        {
            if (*value == name)
            {
                target = option;
                return true;
            }
            expected += expected.empty() ? "" : ", ";
            expected += name;
        }
        invalid(attribute, *value, "expected one of " + expected);
        return false;
    }

    // "invalid value 'v' for 'attr' on <tag>: expectation", noting the unexpanded text when it differs.
    void invalid(const char* attribute, const std::string& value, const std::string& expectation);
    void error(const char* attribute, const std::string& message);
    void error(const std::string& message);

    // Calls onElement for each child element; text (other than white space) is reported as
    // "unexpected text in <tag>", since no element of the gateway's own vocabulary holds text.
    void forEachChild(const std::function<void(pugi::xml_node)>& onElement);

    // "unknown element <x> in <tag>"
    void unknownChild(const pugi::xml_node& child);

    // For elements that may appear once: records the first and reports a repeat.
    bool once(const pugi::xml_node& child, pugi::xml_node& first);

private:
    LoadContext& _context;
    pugi::xml_node _element;
};

// "<rateLimit> is not supported by this version of porticod": for vocabulary of capabilities
// this build lacks. A gateway must refuse a security policy it cannot enforce, never skip it.
void reportUnsupported(LoadContext& context, const pugi::xml_node& element);

} // namespace portico::config
