#include "JsonMutator.h"

#include "StructuredMutation.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::fuzz
{

namespace
{

// A JSON value as written: a scalar keeps its token (quotes included for a string), an object its
// keys as written (quotes included) beside its values.
struct Node
{
    enum class Kind
    {
        Scalar,
        Array,
        Object
    };
    Kind kind = Kind::Scalar;
    std::string token;
    std::vector<std::string> keys; // objects only, one per child
    std::vector<Node> children;
};

// Deeper documents are left to byte-level mutation: the tree code recurses.
constexpr int maxDepth = 64;

class Reader
{
public:
    explicit Reader(std::string_view text) : _text(text) {}

    bool document(Node& root) { return value(root, 0) && (skipSpace(), _at == _text.size()); }

private:
    void skipSpace()
    {
        while (_at < _text.size() &&
               (_text[_at] == ' ' || _text[_at] == '\t' || _text[_at] == '\n' || _text[_at] == '\r'))
            ++_at;
    }

    bool string(std::string& token)
    {
        const std::size_t begin = _at++;
        while (_at < _text.size() && _text[_at] != '"')
            _at += _text[_at] == '\\' ? 2 : 1;
        if (_at >= _text.size()) return false;
        token.assign(_text.substr(begin, ++_at - begin));
        return true;
    }

    bool value(Node& node, int depth)
    {
        skipSpace();
        if (_at >= _text.size() || depth > maxDepth) return false;
        const char c = _text[_at];
        if (c == '"')
        {
            node.kind = Node::Kind::Scalar;
            return string(node.token);
        }
        if (c == '[' || c == '{')
        {
            node.kind = c == '[' ? Node::Kind::Array : Node::Kind::Object;
            const char close = c == '[' ? ']' : '}';
            ++_at;
            skipSpace();
            if (_at < _text.size() && _text[_at] == close)
            {
                ++_at;
                return true;
            }
            for (;;)
            {
                if (node.kind == Node::Kind::Object)
                {
                    skipSpace();
                    std::string key;
                    if (_at >= _text.size() || _text[_at] != '"' || !string(key)) return false;
                    skipSpace();
                    if (_at >= _text.size() || _text[_at] != ':') return false;
                    ++_at;
                    node.keys.push_back(std::move(key));
                }
                node.children.emplace_back();
                if (!value(node.children.back(), depth + 1)) return false;
                skipSpace();
                if (_at >= _text.size()) return false;
                if (_text[_at++] == close) return true;
                if (_text[_at - 1] != ',') return false;
            }
        }
        const std::size_t begin = _at;
        while (_at < _text.size() &&
               std::string_view("+-.0123456789eEaflnrstu").find(_text[_at]) != std::string_view::npos)
            ++_at;
        node.kind = Node::Kind::Scalar;
        node.token.assign(_text.substr(begin, _at - begin));
        return _at > begin;
    }

    std::string_view _text;
    std::size_t _at = 0;
};

void write(const Node& node, std::string& out)
{
    if (node.kind == Node::Kind::Scalar)
    {
        out += node.token;
        return;
    }
    out.push_back(node.kind == Node::Kind::Array ? '[' : '{');
    for (std::size_t i = 0; i < node.children.size(); ++i)
    {
        if (i > 0) out.push_back(',');
        if (node.kind == Node::Kind::Object) out += node.keys[i] + ":";
        write(node.children[i], out);
    }
    out.push_back(node.kind == Node::Kind::Array ? ']' : '}');
}

// A string token for text; bytes that are not ASCII are kept as they are.
std::string quoted(std::string_view text)
{
    std::string token = "\"";
    for (const char c : text)
    {
        if (c == '"' || c == '\\')
            token += {'\\', c};
        else if (static_cast<unsigned char>(c) < 0x20)
            token += "\\u00" + std::string(1, "0123456789abcdef"[(c >> 4) & 15]) + "0123456789abcdef"[c & 15];
        else
            token.push_back(c);
    }
    return token + "\"";
}

std::string edgeToken(Random& random)
{
    static const std::vector<std::string> tokens = []
    {
        std::vector<std::string> all = {"0",
                                        "-0",
                                        "-1",
                                        "1.5",
                                        "1e309",
                                        "-1e309",
                                        "4.9e-324",
                                        "true",
                                        "false",
                                        "null",
                                        "[]",
                                        "{}",
                                        "\"\\u0000\"",
                                        "\"\\ud800\"",
                                        "\"\\u00e9\\uD83D\\uDE00\"",
                                        "123456789012345678901234567890",
                                        "-9223372036854775809",
                                        "18446744073709551616"};
        for (const std::string& text : edgeTexts())
            all.push_back(quoted(text));
        return all;
    }();
    return tokens[pick(random, tokens.size())];
}

// Keys the soap adapter reads specially (header parts, attributes, simple content, xsi:type) and
// ordinary ones.
const std::vector<std::string>& knownKeys()
{
    static const std::vector<std::string> all = {"\"soap:Header\"", "\"@xsi:type\"", "\"#text\"",
                                                 "\"@id\"",         "\"\"",          "\"op\"",
                                                 "\"q\"",           "\"xsi:nil\"",   "\"$ref\""};
    return all;
}

// Every node of the tree as the path of child indexes leading to it; the root's path is empty.
void collect(const Node& node, std::vector<std::size_t>& path, std::vector<std::vector<std::size_t>>& out)
{
    out.push_back(path);
    for (std::size_t i = 0; i < node.children.size(); ++i)
    {
        path.push_back(i);
        collect(node.children[i], path, out);
        path.pop_back();
    }
}

std::vector<std::vector<std::size_t>> paths(const Node& root)
{
    std::vector<std::vector<std::size_t>> all;
    std::vector<std::size_t> path;
    collect(root, path, all);
    return all;
}

Node& at(Node& root, const std::vector<std::size_t>& path, std::size_t length)
{
    Node* node = &root;
    for (std::size_t i = 0; i < length; ++i)
        node = &node->children[path[i]];
    return *node;
}

void allKeys(const Node& node, std::vector<std::string>& keys)
{
    keys.insert(keys.end(), node.keys.begin(), node.keys.end());
    for (const Node& child : node.children)
        allKeys(child, keys);
}

std::string someKey(Random& random, const Node& root)
{
    std::vector<std::string> keys = knownKeys();
    allKeys(root, keys);
    return keys[pick(random, keys.size())];
}

// Takes the child at index out of its parent (keeping keys in step).
Node takeOut(Node& parent, std::size_t index, std::string& key)
{
    Node taken = std::move(parent.children[index]);
    parent.children.erase(parent.children.begin() + static_cast<std::ptrdiff_t>(index));
    if (parent.kind == Node::Kind::Object)
    {
        key = parent.keys[index];
        parent.keys.erase(parent.keys.begin() + static_cast<std::ptrdiff_t>(index));
    }
    return taken;
}

void putIn(Node& parent, std::size_t index, Node child, const std::string& key)
{
    parent.children.insert(parent.children.begin() + static_cast<std::ptrdiff_t>(index), std::move(child));
    if (parent.kind == Node::Kind::Object)
        parent.keys.insert(parent.keys.begin() + static_cast<std::ptrdiff_t>(index), key);
}

Node wrapped(Node inner, bool asObject, const std::string& key)
{
    Node wrapper;
    wrapper.kind = asObject ? Node::Kind::Object : Node::Kind::Array;
    if (asObject) wrapper.keys.push_back(key);
    wrapper.children.push_back(std::move(inner));
    return wrapper;
}

// A string token's text unquoted (escapes left as written), for turning "12" into 12.
std::string unquoted(const std::string& token)
{
    return token.size() >= 2 && token.front() == '"' ? token.substr(1, token.size() - 2) : token;
}

bool edit(Node& root, Random& random)
{
    const std::vector<std::vector<std::size_t>> all = paths(root);
    const std::vector<std::size_t>& path = all[pick(random, all.size())];
    Node& node = at(root, path, path.size());
    const bool hasParent = !path.empty();
    switch (pick(random, 10))
    {
    case 0: // duplicate: a repeated member (the same key twice) or array item
    {
        if (!hasParent) return false;
        Node& parent = at(root, path, path.size() - 1);
        const std::size_t index = path.back();
        const std::string key = parent.kind == Node::Kind::Object ? parent.keys[index] : "";
        Node copy = parent.children[index];
        putIn(parent, index + 1, std::move(copy), key);
        return true;
    }
    case 1:
    {
        if (!hasParent) return false;
        std::string key;
        takeOut(at(root, path, path.size() - 1), path.back(), key);
        return true;
    }
    case 2: // move into another array or object
    {
        if (!hasParent) return false;
        std::string key;
        Node moved = takeOut(at(root, path, path.size() - 1), path.back(), key);
        const std::vector<std::vector<std::size_t>> targets = paths(root);
        const std::vector<std::size_t>& targetPath = targets[pick(random, targets.size())];
        Node& target = at(root, targetPath, targetPath.size());
        if (target.kind == Node::Kind::Scalar) return false;
        if (key.empty()) key = someKey(random, root);
        putIn(target, pick(random, target.children.size() + 1), std::move(moved), key);
        return true;
    }
    case 3: // swap with the next sibling
    {
        if (!hasParent) return false;
        Node& parent = at(root, path, path.size() - 1);
        const std::size_t index = path.back();
        if (index + 1 >= parent.children.size()) return false;
        std::swap(parent.children[index], parent.children[index + 1]);
        return true;
    }
    case 4:
    {
        if (!hasParent) return false;
        Node& parent = at(root, path, path.size() - 1);
        if (parent.kind != Node::Kind::Object) return false;
        parent.keys[path.back()] = someKey(random, root);
        return true;
    }
    case 5:
        node = Node();
        node.token = edgeToken(random);
        return true;
    case 6: // another type: string and number swapped, wrapped once, or unwrapped
        if (node.kind == Node::Kind::Scalar)
        {
            node.token = node.token.front() == '"' ? unquoted(node.token) : quoted(node.token);
            if (node.token.empty()) node.token = "\"\"";
        }
        else if (!node.children.empty())
        {
            Node first = std::move(node.children.front());
            node = std::move(first);
        }
        else
        {
            node.kind = node.kind == Node::Kind::Array ? Node::Kind::Object : Node::Kind::Array;
        }
        return true;
    case 7: // nest deeper, arrays and objects by turns
    {
        const std::size_t levels = 1 + pick(random, 20);
        for (std::size_t i = 0; i < levels; ++i)
        {
            const std::string key = someKey(random, root);
            node = wrapped(std::move(node), random() % 2 == 0, key);
        }
        return true;
    }
    case 8: // a member added to an object
    {
        if (node.kind != Node::Kind::Object) return false;
        Node added;
        added.token = edgeToken(random);
        putIn(node, pick(random, node.children.size() + 1), std::move(added), someKey(random, root));
        return true;
    }
    default: // replaced by a copy of another part of the document (perhaps one holding it)
    {
        const std::vector<std::size_t>& sourcePath = all[pick(random, all.size())];
        Node copy = at(root, sourcePath, sourcePath.size());
        node = std::move(copy);
        return true;
    }
    }
}

} // namespace

std::size_t mutateJson(std::uint8_t* data, std::size_t size, std::size_t maxSize, unsigned int seed,
                       std::size_t prefix)
{
    return mutateStructured(data, size, maxSize, seed, prefix,
                            [](std::string& text, Random& random)
                            {
                                Node root;
                                if (!Reader(text).document(root) || !edit(root, random)) return false;
                                text.clear();
                                write(root, text);
                                return true;
                            });
}

} // namespace portico::fuzz
