#pragma once

// An XSD regular expression (XSD Part 2, appendix F), translated once, at load time, into an
// ECMAScript std::wregex that matches whole values, as XSD patterns are implicitly anchored.
// Immutable; match() is thread-safe.
//
// Only translations that keep the XSD meaning exactly are made. Refused, so that a value the
// schema allows is never rejected: \p{..}/\P{..} (Unicode categories and blocks), \i, \I, \c, \C
// (XML name characters), \D, \S and \W inside a character class, character class subtraction
// ([a-z-[aeiou]]), repeat counts above 1000 (the automaton grows with the count), and anything
// that is not a valid XSD pattern.
//
// XSD's \d and \w are Unicode-wide (\d is every decimal digit of every script; \w is everything but
// punctuation, separators and "other" characters, so "_" is not a \w but "$" is). They are
// translated to their exact ASCII sets, and a pattern that uses them is only applied to values made
// of ASCII characters: for any other value match() answers Unknown.

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace portico::soap
{

class XsdPattern
{
public:
    enum class Verdict
    {
        Match,
        NoMatch,
        Unknown // the translation is not exact for this value
    };

    // The patterns of one restriction step; a value matches when it matches any of them. nullptr,
    // with the reason in whyNot, when one of them cannot be translated exactly.
    static std::shared_ptr<const XsdPattern> compile(const std::vector<std::string>& patterns,
                                                     std::string& whyNot);

    // value: valid UTF-8.
    Verdict match(std::string_view value) const;

    // The same expression as ECMAScript source with explicit anchors, "^(?:...)$" (UTF-8), as the
    // OpenAPI "pattern" keyword wants it.
    const std::string& ecmaScript() const { return _ecmaScript; }

private:
    std::wregex _regex;
    std::string _ecmaScript;
    bool _asciiValuesOnly = false;
};

} // namespace portico::soap
