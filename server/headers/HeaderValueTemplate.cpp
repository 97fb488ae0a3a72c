#include "headers/HeaderValueTemplate.h"

#include <algorithm>

namespace portico::headers
{

namespace
{

inline bool forbiddenInValue(char c)
{
    unsigned char byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

// Route parameters and consumer names (a token's claim) are not the gateway's own text.
void appendClean(std::string_view value, std::string& out)
{
    std::size_t start = 0;
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        if (forbiddenInValue(value[i]))
        {
            out.append(value.data() + start, i - start);
            start = i + 1;
        }
    }
    out.append(value.data() + start, value.size() - start);
}

} // namespace

bool HeaderValueTemplate::parse(std::string_view text, const std::vector<std::string>& pathParameters,
                                HeaderValueTemplate& out, std::string& error)
{
    out = HeaderValueTemplate();
    out._text.assign(text.data(), text.size());
    if (std::any_of(text.begin(), text.end(), forbiddenInValue))
    {
        error = "a header value cannot hold control characters such as CR or LF";
        return false;
    }
    std::size_t position = 0;
    while (position < text.size())
    {
        std::size_t open = text.find('{', position);
        std::size_t close = text.find('}', position);
        if (close < open)
        {
            error = "'}' without '{' at character " + std::to_string(close + 1);
            return false;
        }
        if (open > position)
        {
            Piece literal;
            literal.literal.assign(text.substr(position, std::min(open, text.size()) - position));
            out._pieces.push_back(std::move(literal));
        }
        if (open == std::string_view::npos)
        {
            break;
        }
        if (close == std::string_view::npos)
        {
            error = "unterminated '{' at character " + std::to_string(open + 1);
            return false;
        }
        std::string_view name = text.substr(open + 1, close - open - 1);
        Piece piece;
        if (name == "requestId")
        {
            piece.kind = PieceKind::RequestId;
        }
        else if (name == "clientIp")
        {
            piece.kind = PieceKind::ClientIp;
        }
        else if (name == "consumer")
        {
            piece.kind = PieceKind::Consumer;
        }
        else
        {
            auto found = std::find(pathParameters.begin(), pathParameters.end(), name);
            if (found == pathParameters.end())
            {
                error = "'{" + std::string(name) +
                        "}' is neither a parameter of the route's path nor one of {requestId}, {clientIp}, "
                        "{consumer}";
                return false;
            }
            piece.kind = PieceKind::Parameter;
            piece.parameter = static_cast<std::size_t>(found - pathParameters.begin());
        }
        out._pieces.push_back(std::move(piece));
        out._constant = false;
        position = close + 1;
    }
    return true;
}

void HeaderValueTemplate::expand(const pipeline::Exchange& exchange, std::string& out) const
{
    out.clear();
    for (const Piece& piece : _pieces)
    {
        switch (piece.kind)
        {
        case PieceKind::Literal:
            out += piece.literal;
            break;
        case PieceKind::Parameter:
            if (piece.parameter < exchange.match.params.size())
            {
                appendClean(exchange.match.params[piece.parameter].value, out);
            }
            break;
        case PieceKind::RequestId:
            out += exchange.requestId; // printable ASCII: checked when received, or made here
            break;
        case PieceKind::ClientIp:
            if (exchange.clientIp != nullptr)
            {
                out += *exchange.clientIp;
            }
            break;
        case PieceKind::Consumer:
            appendClean(exchange.consumer, out); // may come from a token's claim
            break;
        }
    }
}

} // namespace portico::headers
