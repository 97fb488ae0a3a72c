// Fuzz target for the tcp adapter's framings. Input layout:
//   byte 0   which <framing> configuration (every type and variant, some with tiny maxBytes so
//            the limits are reached by short inputs)
//   byte 1   how the rest is cut into reads (one byte each, all at once, pseudo-random sizes,
//            sizes taken from the stream itself)
//   rest     the byte stream a peer sends
// Properties checked (abort with a message when one fails): no crash, sanitizer report or hang;
// once a feed returns Error every later feed does too; no Frame payload exceeds maxBytes; a Frame
// taken from the buffer consumes bytes; the stream cut into reads gives the same frames and the
// same error-or-not as the stream in one read; and every payload that encode() accepts (each
// decoded frame, and the stream itself) decodes, with a fresh decoder, back to exactly that
// payload.

#include "tcp/FramingParser.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace
{

using portico::tcp::DecodeResult;
using portico::tcp::FrameDecoder;
using portico::tcp::Framing;

[[noreturn]] void fail(const std::string& property, const Framing& framing)
{
    std::fprintf(stderr, "FrameDecoderFuzzer: %s (framing %s, maxBytes %zu)\n", property.c_str(),
                 framing.type().c_str(), framing.maxBytes());
    std::abort();
}

// Through FramingParser, as the adapter builds them, so only configurations it accepts are fuzzed.
std::shared_ptr<const Framing> parsed(const std::string& attributes)
{
    pugi::xml_document document;
    const std::string xml = "<framing " + attributes + "/>";
    std::vector<std::string> errors;
    std::shared_ptr<const Framing> framing;
    if (document.load_string(xml.c_str()))
    {
        portico::config::AdapterReaderContext context(portico::plugin::AdapterConfig{},
                                                      document.document_element(), errors);
        framing = portico::tcp::FramingParser::parse(document.document_element(), context);
    }
    if (!framing)
    {
        std::fprintf(stderr, "FrameDecoderFuzzer: the parser refused %s: %s\n", xml.c_str(),
                     errors.empty() ? "not XML" : errors.front().c_str());
        std::abort();
    }
    return framing;
}

std::vector<std::shared_ptr<const Framing>> allFramings()
{
    std::vector<std::string> shapes;
    for (const char* bytes : {"1", "2", "4"})
    {
        for (const char* order : {"big", "little"})
        {
            for (const char* inclusive : {"false", "true"})
            {
                shapes.push_back(std::string("type=\"length-prefix\" bytes=\"") + bytes + "\" byteOrder=\"" +
                                 order + "\" inclusive=\"" + inclusive + "\"");
            }
        }
    }
    for (const char* digits : {"1", "2", "4", "9"})
    {
        for (const char* inclusive : {"false", "true"})
        {
            shapes.push_back(std::string("type=\"ascii-length\" digits=\"") + digits + "\" inclusive=\"" +
                             inclusive + "\"");
        }
    }
    // Multi-byte delimiters whose start repeats their end ("\r\n\r\n", "]]>]]>") are the ones
    // where a payload's tail and the delimiter can overlap.
    for (const char* delimiter : {"\\n", "\\x00", "\\r\\n", "\\r\\n\\r\\n", "]]&gt;]]&gt;"})
    {
        shapes.push_back(std::string("type=\"delimiter\" bytes=\"") + delimiter + "\"");
    }
    shapes.push_back("type=\"mllp\"");
    std::vector<std::shared_ptr<const Framing>> framings;
    for (const char* maxBytes : {"5", "64", "1MiB"})
    {
        for (const std::string& shape : shapes)
        {
            framings.push_back(parsed(shape + " maxBytes=\"" + maxBytes + "\""));
        }
        for (const char* size : {"1", "3", "5", "16"})
        {
            // The parser refuses a fixed size above maxBytes; only valid pairs are fuzzed.
            if (std::string(maxBytes) != "5" || std::string(size) != "16")
            {
                framings.push_back(parsed(std::string("type=\"fixed\" bytes=\"") + size + "\" maxBytes=\"" +
                                          maxBytes + "\""));
            }
        }
    }
    return framings;
}

// The frames a stream decodes to, and whether it ended in an Error.
struct Outcome
{
    std::vector<std::string> frames;
    bool failed = false;
};

// Feeds one read, then takes every further frame already buffered (feed with no bytes), as the
// adapter does. Checks the per-result properties on the way.
void feedRead(const Framing& framing, FrameDecoder& decoder, std::string_view read, Outcome& outcome)
{
    DecodeResult result = decoder.feed(read);
    while (true)
    {
        if (outcome.failed && result.kind != DecodeResult::Kind::Error)
        {
            fail("a feed after an Error did not return an Error", framing);
        }
        if (result.kind == DecodeResult::Kind::Error)
        {
            if (result.error.empty())
            {
                fail("an Error without a reason", framing);
            }
            outcome.failed = true;
            return;
        }
        if (result.kind == DecodeResult::Kind::NeedMore)
        {
            return;
        }
        if (result.payload.size() > framing.maxBytes())
        {
            fail("a frame of " + std::to_string(result.payload.size()) + " bytes exceeds maxBytes", framing);
        }
        outcome.frames.push_back(std::move(result.payload));
        const std::size_t before = decoder.buffered();
        result = decoder.feed({});
        if (result.kind == DecodeResult::Kind::Frame && decoder.buffered() >= before)
        {
            fail("a frame taken from the buffer consumed no bytes", framing);
        }
    }
}

// Read sizes for the stream, chosen by the split byte.
std::vector<std::size_t> readSizes(std::uint8_t split, std::string_view stream)
{
    std::vector<std::size_t> sizes;
    std::uint32_t state = 0x9E3779B9u ^ split; // xorshift: deterministic, so a crash reproduces
    for (std::size_t offset = 0; offset < stream.size();)
    {
        std::size_t size = stream.size() - offset;
        switch (split % 4)
        {
        case 0:
            size = 1;
            break;
        case 1:
            break; // the whole stream in one read
        case 2:
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            size = 1 + state % 9;
            break;
        default:
            size = 1 + static_cast<unsigned char>(stream[offset]) % (1 + split / 4);
            break;
        }
        size = std::min(size, stream.size() - offset);
        sizes.push_back(size);
        offset += size;
    }
    return sizes;
}

Outcome decode(const Framing& framing, std::string_view stream, const std::vector<std::size_t>& sizes)
{
    std::unique_ptr<FrameDecoder> decoder = framing.decoder();
    Outcome outcome;
    std::size_t offset = 0;
    for (std::size_t size : sizes)
    {
        feedRead(framing, *decoder, stream.substr(offset, size), outcome);
        offset += size;
    }
    // Once more with nothing, as after a read that brought no bytes: an Error must still repeat.
    feedRead(framing, *decoder, {}, outcome);
    return outcome;
}

void checkRoundTrip(const Framing& framing, const std::string& payload)
{
    std::string frame;
    std::string error;
    if (!framing.encode(payload, frame, error))
    {
        return; // payloads the framing cannot carry (markers inside, too large) are refused, fine
    }
    std::unique_ptr<FrameDecoder> decoder = framing.decoder();
    DecodeResult result = decoder->feed(frame);
    if (result.kind != DecodeResult::Kind::Frame)
    {
        fail("an encoded frame did not decode: " + result.error, framing);
    }
    if (result.payload != payload)
    {
        fail("an encoded frame decoded to a different payload (" + std::to_string(payload.size()) +
                 " bytes in, " + std::to_string(result.payload.size()) + " out)",
             framing);
    }
    if (decoder->buffered() != 0)
    {
        fail("decoding an encoded frame left bytes behind", framing);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::vector<std::shared_ptr<const Framing>> framings = allFramings();
    if (size < 2)
    {
        return 0;
    }
    const Framing& framing = *framings[data[0] % framings.size()];
    const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

    const Outcome whole = decode(framing, stream, {stream.size()});
    const Outcome split = decode(framing, stream, readSizes(data[1], stream));
    if (whole.frames != split.frames || whole.failed != split.failed)
    {
        fail("cut into reads the stream gave " + std::to_string(split.frames.size()) + " frames" +
                 (split.failed ? " and an Error" : "") + ", in one read " +
                 std::to_string(whole.frames.size()) + " frames" + (whole.failed ? " and an Error" : ""),
             framing);
    }
    for (const std::string& payload : whole.frames)
    {
        checkRoundTrip(framing, payload);
    }
    // A decoded payload is by construction what precedes the first marker, so it cannot show an
    // encoder that accepts a payload whose tail forms a marker with the framing's own bytes; an
    // arbitrary payload can.
    checkRoundTrip(framing, std::string(stream));
    return 0;
}
