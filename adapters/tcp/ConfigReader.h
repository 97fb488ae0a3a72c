#pragma once

// Reading one element of the adapter's configuration: its attributes checked against the ones the
// element allows, typed values with their defaults, and one message per problem collected in the
// caller's list (without position; the host adds the <adapter> element's FILE:LINE:COL). Used at
// configuration time only.

#include "tcp/ConfigValues.h"

#include <pugixml.hpp>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace portico::tcp
{

class ConfigReader
{
public:
    ConfigReader(pugi::xml_node element, std::vector<std::string>& errors);

    // "<framing>" or, once the element's kind is known, "<framing type=\"mllp\">".
    const std::string& label() const { return _label; }
    void setLabel(std::string label) { _label = std::move(label); }

    void error(const std::string& message);

    // Reports every attribute not in allowed.
    void allowAttributes(std::initializer_list<const char*> allowed);

    // Reports child elements and non-blank text: the element must be empty.
    void expectEmpty();

    // The trimmed text of an element that may hold text only (no child elements, no attributes).
    std::string text();

    std::optional<std::string> attribute(const char* name) const;
    std::string attribute(const char* name, const std::string& fallback) const;

    // Typed attributes: the value, the fallback when absent, nullopt (and an error) when malformed.
    std::optional<std::uint64_t> number(const char* name, std::uint64_t fallback, std::uint64_t min,
                                        std::uint64_t max);
    std::optional<std::chrono::milliseconds> duration(const char* name, std::chrono::milliseconds fallback);
    std::optional<std::size_t> size(const char* name, std::size_t fallback);
    std::optional<bool> boolean(const char* name, bool fallback);
    // One of choices (the fallback when absent).
    std::optional<std::string> choice(const char* name, const std::string& fallback,
                                      std::initializer_list<const char*> choices);

private:
    void invalid(const char* name, const std::string& value, const std::string& expected);

    pugi::xml_node _element;
    std::vector<std::string>& _errors;
    std::string _label;
};

} // namespace portico::tcp
