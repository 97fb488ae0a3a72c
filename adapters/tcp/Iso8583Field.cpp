#include "tcp/Iso8583Field.h"

namespace portico::tcp
{

const char* Iso8583Field::typeName(Type type)
{
    switch (type)
    {
    case Type::N:
        return "n";
    case Type::A:
        return "a";
    case Type::AN:
        return "an";
    case Type::ANS:
        return "ans";
    case Type::NS:
        return "ns";
    case Type::Z:
        return "z";
    case Type::XN:
        return "x+n";
    case Type::B:
        return "b";
    }
    return "?";
}

std::string Iso8583Field::notation() const
{
    const std::string dots = prefix == Prefix::LL ? ".." : prefix == Prefix::LLL ? "..." : "";
    return std::string(typeName(type)) + " " + dots + std::to_string(size);
}

} // namespace portico::tcp
