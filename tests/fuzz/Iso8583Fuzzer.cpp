// Fuzz target for the tcp adapter's ISO 8583 codec, which reads what a card switch sends. Input:
//   byte 0   which message definition (ASCII with a binary bitmap, ASCII with a hex bitmap, BCD,
//            EBCDIC, and one with binary and variable fields redefined by configuration)
//   rest     the reply payload
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang; a
// message that unpacks packs again, and that packing unpacks to the same MTI and values; the
// response codec answers every input with a status and, on success, a JSON body.

#include "tcp/Iso8583Message.h"
#include "tcp/Iso8583ResponseCodec.h"
#include "tcp/TcpConfig.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace
{

using portico::tcp::Iso8583Message;
using portico::tcp::Iso8583Spec;

[[noreturn]] void fail(const std::string& property, std::size_t spec)
{
    std::fprintf(stderr, "Iso8583Fuzzer: %s (definition %zu)\n", property.c_str(), spec);
    std::abort();
}

// Through the adapter's configuration parser, as routes build them.
std::shared_ptr<const Iso8583Spec> parsed(const std::string& element)
{
    portico::tcp::TcpConfig config;
    std::vector<std::string> errors;
    if (!portico::tcp::TcpConfig::parse(
            "<adapter type=\"tcp\"><endpoint>127.0.0.1:9</endpoint>"
            "<framing type=\"length-prefix\" bytes=\"2\"/><request codec=\"iso8583\"/>"
            "<response codec=\"iso8583\"/>" +
                element + "</adapter>",
            config, errors))
    {
        std::fprintf(stderr, "Iso8583Fuzzer: the parser refused %s: %s\n", element.c_str(),
                     errors.empty() ? "?" : errors.front().c_str());
        std::abort();
    }
    return config.iso8583;
}

const std::vector<std::shared_ptr<const Iso8583Spec>>& definitions()
{
    static const std::vector<std::shared_ptr<const Iso8583Spec>> all = {
        parsed(""),
        parsed("<iso8583 bitmap=\"hex\"/>"),
        parsed("<iso8583 encoding=\"bcd\"/>"),
        parsed("<iso8583 encoding=\"ebcdic\"/>"),
        parsed(
            "<iso8583><field number=\"55\" type=\"b\" prefix=\"LLL\" max=\"255\"/>"
            "<field number=\"62\" type=\"an\" length=\"4\"/><field number=\"48\" type=\"ans\" prefix=\"LL\" "
            "max=\"20\"/>"
            "<responseCode otherwise=\"502\"><code value=\"00\" status=\"200\"/></responseCode></iso8583>"),
    };
    return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    const std::vector<std::shared_ptr<const Iso8583Spec>>& specs = definitions();
    const std::size_t which = data[0] % specs.size();
    const Iso8583Spec& spec = *specs[which];
    const std::string_view payload(reinterpret_cast<const char*>(data + 1), size - 1);

    Iso8583Message message;
    std::string problem;
    if (message.unpack(spec, payload, problem))
    {
        std::string packed;
        if (!message.pack(spec, packed, problem))
            fail("a message that unpacked does not pack: " + problem, which);
        Iso8583Message again;
        if (!again.unpack(spec, packed, problem)) fail("a packed message does not unpack: " + problem, which);
        if (again.mti != message.mti || again.values != message.values)
            fail("pack and unpack disagree", which);
    }
    const portico::tcp::Answer answer = portico::tcp::Iso8583ResponseCodec(specs[which]).decode(payload);
    if (answer.status < 200 || answer.status > 599) fail("a status out of range", which);
    if (answer.status < 400 && answer.body.empty()) fail("a success without a body", which);
    return 0;
}
