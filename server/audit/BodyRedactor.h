#pragma once

// Masks secrets in the request and response bodies the audit log keeps (request_body,
// response_body), so that passwords, tokens and card numbers are never written to a table that is
// kept for years and read by people who must not see them.
//
// The redactor is lexical, not a parser: a body is kept only up to a size cap, so it is often cut
// short at any byte, and it may be malformed; a parser would give up on exactly the bodies we must
// still store. Instead one pass over the bytes recognises just enough of JSON, XML and
// application/x-www-form-urlencoded to find a named field and the extent of its value, and copies
// everything else byte for byte. When the body is cut inside a named value, everything from the
// value to the cut is masked. It allocates nothing besides the output's growth, since it runs for
// every audited exchange.
//
// Which kind a body is comes from its first non-whitespace byte ('{' or '[' JSON, '<' XML), else
// from its shape (an '=' with no space or newline before it: a form); anything else is copied
// unchanged.
//
// What is masked (mask is "***"):
//   JSON  the value after a member name that matches, whatever it is (a string, a number, a
//         literal, a whole object or array), becomes the string "***", at any depth;
//   XML   the content of an element whose local name matches, up to its matching end tag (the
//         tags are kept), and the value of an attribute whose local name matches (namespace
//         declarations excepted: their values are namespace names, not data);
//   form  the value of a field whose name, once '+' and %XX are decoded, matches.
// A value with no bytes at all (an empty XML element or attribute, an empty form value, nothing
// before the cut) is left empty: there is nothing to hide.

#include <string>
#include <string_view>
#include <vector>

namespace portico::audit
{

class BodyRedactor
{
public:
    // names: JSON member names, XML element local names and form field names to mask, compared
    // case-insensitively and ignoring '_' and '-' (so "card_number", "cardNumber", "Card-Number"
    // are one name).
    explicit BodyRedactor(std::vector<std::string> names);

    // The names masked when the configuration names none, in normalised form (lower case, without
    // '_' and '-').
    static const std::vector<std::string>& defaultNames();

    // Masks the values of the named fields in body, which may be cut short at any byte (a size
    // cap): what follows a named field to the cut is masked too. Writes the result to out (cleared
    // first).
    void redact(std::string_view body, std::string& out) const;

    static constexpr std::string_view mask = "***";

private:
    // Normalised, sorted and without duplicates, so that a name can be matched one byte at a time
    // as it is decoded (see NameMatcher in the .cpp), with no copy of it.
    std::vector<std::string> _names;
};

} // namespace portico::audit
