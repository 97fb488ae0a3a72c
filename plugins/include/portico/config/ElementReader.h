#pragma once

// Reads one configuration element, for the gateway and for adapters alike: checks its attributes
// against the ones it may carry, hands out values (expanded by the context), converts them with
// the value syntaxes of Values.h, and reports every problem at the FILE:LINE:COL of the attribute
// or node concerned, in one wording everywhere. A reader never throws; a value that fails leaves
// the target untouched (so defaults survive) and returns false. Configuration time only.

#include <portico/config/ReaderContext.h>
#include <portico/config/Values.h>

#include <pugixml.hpp>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace portico::config
{

class ElementReader
{
public:
    // Reports "unknown attribute 'x' on <tag> (expected a, b or c)" for every attribute not in known.
    ElementReader(ReaderContext& context, pugi::xml_node element,
                  std::initializer_list<std::string_view> known);
    // The same for an element whose kind is known from an attribute and shown in every message
    // about it (tag "<framing type=\"mllp\">").
    ElementReader(ReaderContext& context, pugi::xml_node element, std::string tag,
                  std::initializer_list<std::string_view> known);
    // For an element whose attributes another reader checks (an <adapter>'s, by its plugin): none
    // is reported here.
    struct AttributesCheckedElsewhere
    {
    };
    ElementReader(ReaderContext& context, pugi::xml_node element, AttributesCheckedElsewhere);

    pugi::xml_node element() const { return _element; }
    // "<listener>", or the tag given to the constructor.
    const std::string& tag() const { return _tag; }
    SourcePosition position() const;
    SourcePosition position(const char* attribute) const;
    ReaderContext& context() { return _context; }

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
    bool number(const char* attribute, std::uint64_t& target, std::uint64_t min, std::uint64_t max);
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
    // The same for a choice kept as its spelling.
    bool choice(const char* attribute, std::string& target, std::initializer_list<std::string_view> options);

    // "invalid value 'v' for 'attr' on <tag>: expectation", noting the unexpanded text when it differs.
    void invalid(const char* attribute, const std::string& value, const std::string& expectation);
    void error(const char* attribute, const std::string& message);
    void error(const std::string& message);

    // Calls onElement for each child element; text (other than white space) is reported as
    // "unexpected text in <tag>" (for elements that hold elements only).
    void forEachChild(const std::function<void(pugi::xml_node)>& onElement);

    // For an element that must be empty: reports any child element or text.
    void expectEmpty();

    // For an element that holds text only: the text, trimmed and expanded; child elements are
    // reported. nullopt when expansion failed.
    std::optional<std::string> content();

    // "unknown element <x> in <tag>", listing the expected ones when given.
    void unknownChild(const pugi::xml_node& child, std::initializer_list<std::string_view> expected = {});

    // For elements that may appear once: records the first and reports a repeat.
    bool once(const pugi::xml_node& child, pugi::xml_node& first);

private:
    ReaderContext& _context;
    pugi::xml_node _element;
    std::string _tag;
};

// "a, b or c": for messages that list what is allowed.
std::string alternatives(std::initializer_list<std::string_view> names);

} // namespace portico::config
