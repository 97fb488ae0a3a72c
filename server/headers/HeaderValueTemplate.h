#pragma once

// A header value from the configuration with placeholders filled per request: {name} for a
// route parameter, {requestId}, {clientIp} and {consumer}. Parsed once; expanding it walks a
// short list of pieces into a reused string.

#include "pipeline/Exchange.h"

#include <string>
#include <string_view>
#include <vector>

namespace portico::headers
{

class HeaderValueTemplate
{
public:
    // pathParameters are the names the route binds, in the order the router fills them. On
    // failure returns false with a one-line reason.
    static bool parse(std::string_view text, const std::vector<std::string>& pathParameters,
                      HeaderValueTemplate& out, std::string& error);

    // The literal value when the template has no placeholder (expand() then only returns it).
    bool constant() const { return _constant; }
    const std::string& text() const { return _text; }

    // Fills out; bytes a header value must not hold (CR, LF, other controls) that a parameter
    // carried are dropped, so a request path can never split a head.
    void expand(const pipeline::Exchange& exchange, std::string& out) const;

private:
    enum class PieceKind
    {
        Literal,
        Parameter,
        RequestId,
        ClientIp,
        Consumer
    };
    struct Piece
    {
        PieceKind kind = PieceKind::Literal;
        std::string literal;
        std::size_t parameter = 0;
    };

    std::string _text;
    std::vector<Piece> _pieces;
    bool _constant = true;
};

} // namespace portico::headers
