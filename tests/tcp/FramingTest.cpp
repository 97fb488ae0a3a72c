// The five framings: encoding, incremental decoding (byte by byte, several frames per read), and
// every way a peer's stream can be wrong, each refused with its own reason instead of a wait.

#include "tcp/AsciiLengthFraming.h"
#include "tcp/ByteEscapes.h"
#include "tcp/DelimiterFraming.h"
#include "tcp/FixedFraming.h"
#include "tcp/LengthPrefixFraming.h"
#include "tcp/MllpFraming.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::tcp;

namespace
{

constexpr std::size_t oneMiB = 1024 * 1024;

std::string bytes(std::initializer_list<int> values)
{
    std::string out;
    for (int value : values)
    {
        out.push_back(static_cast<char>(value));
    }
    return out;
}

std::string encoded(const Framing& framing, const std::string& payload)
{
    std::string frame;
    std::string error;
    CPPUNIT_ASSERT_MESSAGE(error, framing.encode(payload, frame, error));
    return frame;
}

// Feeds frame one byte at a time: NeedMore until the last byte, then the payload.
void assertByteByByte(const Framing& framing, const std::string& payload)
{
    const std::string frame = encoded(framing, payload);
    std::unique_ptr<FrameDecoder> decoder = framing.decoder();
    for (std::size_t i = 0; i + 1 < frame.size(); ++i)
    {
        DecodeResult result = decoder->feed(frame.substr(i, 1));
        CPPUNIT_ASSERT_MESSAGE(framing.type() + " byte " + std::to_string(i),
                               result.kind == DecodeResult::Kind::NeedMore);
    }
    DecodeResult last = decoder->feed(frame.substr(frame.size() - 1));
    CPPUNIT_ASSERT_MESSAGE(framing.type() + ": " + last.error, last.kind == DecodeResult::Kind::Frame);
    CPPUNIT_ASSERT_EQUAL(payload, last.payload);
    CPPUNIT_ASSERT_EQUAL(std::size_t(0), decoder->buffered());
}

// Two frames in one read: the first comes out, the second stays buffered until asked for.
void assertTwoInOneRead(const Framing& framing, const std::string& first, const std::string& second)
{
    std::unique_ptr<FrameDecoder> decoder = framing.decoder();
    const std::string secondFrame = encoded(framing, second);
    DecodeResult one = decoder->feed(encoded(framing, first) + secondFrame);
    CPPUNIT_ASSERT(one.kind == DecodeResult::Kind::Frame);
    CPPUNIT_ASSERT_EQUAL(first, one.payload);
    CPPUNIT_ASSERT_EQUAL(secondFrame.size(), decoder->buffered());
    DecodeResult two = decoder->feed("");
    CPPUNIT_ASSERT(two.kind == DecodeResult::Kind::Frame);
    CPPUNIT_ASSERT_EQUAL(second, two.payload);
    CPPUNIT_ASSERT(decoder->feed("").kind == DecodeResult::Kind::NeedMore);
    CPPUNIT_ASSERT_EQUAL(std::size_t(0), decoder->buffered());
}

void assertError(const DecodeResult& result, const std::string& expected)
{
    CPPUNIT_ASSERT_MESSAGE("expected an error containing \"" + expected + "\"",
                           result.kind == DecodeResult::Kind::Error);
    CPPUNIT_ASSERT_MESSAGE(result.error, result.error.find(expected) != std::string::npos);
}

} // namespace

class FramingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FramingTest);
    CPPUNIT_TEST(testLengthPrefixHeaders);
    CPPUNIT_TEST(testLengthPrefixIncremental);
    CPPUNIT_TEST(testLengthPrefixTooLargeIsRefusedAtTheHeader);
    CPPUNIT_TEST(testLengthPrefixInclusiveSmallerThanHeader);
    CPPUNIT_TEST(testLengthPrefixPayloadTooLargeForHeader);
    CPPUNIT_TEST(testAsciiLength);
    CPPUNIT_TEST(testAsciiLengthNonDigitIsRefusedAtOnce);
    CPPUNIT_TEST(testAsciiLengthLimits);
    CPPUNIT_TEST(testDelimiter);
    CPPUNIT_TEST(testDelimiterSplitAcrossReads);
    CPPUNIT_TEST(testDelimiterNotFoundWithinMaximum);
    CPPUNIT_TEST(testDelimiterInPayloadCannotBeEncoded);
    CPPUNIT_TEST(testDelimiterOverlappingPayloadEndCannotBeEncoded);
    CPPUNIT_TEST(testMllp);
    CPPUNIT_TEST(testMllpGarbageBeforeStartBlock);
    CPPUNIT_TEST(testMllpBadTrailer);
    CPPUNIT_TEST(testMllpTooLarge);
    CPPUNIT_TEST(testFixed);
    CPPUNIT_TEST(testErrorsAreSticky);
    CPPUNIT_TEST(testByteEscapes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLengthPrefixHeaders()
    {
        using Order = LengthPrefixFraming::ByteOrder;
        CPPUNIT_ASSERT_EQUAL(bytes({0x00, 0x03}) + "abc",
                             encoded(LengthPrefixFraming(2, Order::Big, false, oneMiB), "abc"));
        CPPUNIT_ASSERT_EQUAL(bytes({0x03, 0x00}) + "abc",
                             encoded(LengthPrefixFraming(2, Order::Little, false, oneMiB), "abc"));
        CPPUNIT_ASSERT_EQUAL(bytes({0x03}) + "abc",
                             encoded(LengthPrefixFraming(1, Order::Big, false, oneMiB), "abc"));
        CPPUNIT_ASSERT_EQUAL(bytes({0x00, 0x00, 0x00, 0x07}) + "abc",
                             encoded(LengthPrefixFraming(4, Order::Big, true, oneMiB), "abc"));
        CPPUNIT_ASSERT_EQUAL(bytes({0x07, 0x00, 0x00, 0x00}) + "abc",
                             encoded(LengthPrefixFraming(4, Order::Little, true, oneMiB), "abc"));
        // A 300-byte payload in a little-endian 2-byte header: 0x2C 0x01.
        const std::string frame =
            encoded(LengthPrefixFraming(2, Order::Little, false, oneMiB), std::string(300, 'x'));
        CPPUNIT_ASSERT_EQUAL(bytes({0x2C, 0x01}), frame.substr(0, 2));
    }

    void testLengthPrefixIncremental()
    {
        using Order = LengthPrefixFraming::ByteOrder;
        for (unsigned header : {1u, 2u, 4u})
        {
            for (Order order : {Order::Big, Order::Little})
            {
                for (bool inclusive : {false, true})
                {
                    LengthPrefixFraming framing(header, order, inclusive, oneMiB);
                    assertByteByByte(framing, "hello, mainframe");
                    assertTwoInOneRead(framing, "first", "second frame");
                    assertTwoInOneRead(framing, "", "after an empty one");
                }
            }
        }
    }

    void testLengthPrefixTooLargeIsRefusedAtTheHeader()
    {
        LengthPrefixFraming framing(4, LengthPrefixFraming::ByteOrder::Big, false, 1024);
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        CPPUNIT_ASSERT(decoder->feed(bytes({0x00, 0x00, 0x04})).kind == DecodeResult::Kind::NeedMore);
        // 1025 announced: refused as soon as the header is complete, with no payload byte sent.
        assertError(decoder->feed(bytes({0x01})), "announces 1025 bytes, more than the maximum of 1024");
        // Exactly the maximum is fine.
        std::unique_ptr<FrameDecoder> exact = framing.decoder();
        DecodeResult result = exact->feed(bytes({0x00, 0x00, 0x04, 0x00}) + std::string(1024, 'y'));
        CPPUNIT_ASSERT(result.kind == DecodeResult::Kind::Frame);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1024), result.payload.size());
    }

    void testLengthPrefixInclusiveSmallerThanHeader()
    {
        LengthPrefixFraming framing(2, LengthPrefixFraming::ByteOrder::Big, true, oneMiB);
        assertError(framing.decoder()->feed(bytes({0x00, 0x01})), "less than the 2-byte header it includes");
        // Exactly the header: an empty payload.
        DecodeResult empty = framing.decoder()->feed(bytes({0x00, 0x02}));
        CPPUNIT_ASSERT(empty.kind == DecodeResult::Kind::Frame);
        CPPUNIT_ASSERT_EQUAL(std::string(), empty.payload);
    }

    void testLengthPrefixPayloadTooLargeForHeader()
    {
        std::string frame;
        std::string error;
        LengthPrefixFraming oneByte(1, LengthPrefixFraming::ByteOrder::Big, false, oneMiB);
        CPPUNIT_ASSERT(oneByte.encode(std::string(255, 'a'), frame, error));
        CPPUNIT_ASSERT(!oneByte.encode(std::string(256, 'a'), frame, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("maximum of 255") != std::string::npos);
        LengthPrefixFraming inclusive(1, LengthPrefixFraming::ByteOrder::Big, true, oneMiB);
        CPPUNIT_ASSERT(inclusive.encode(std::string(254, 'a'), frame, error));
        CPPUNIT_ASSERT(!inclusive.encode(std::string(255, 'a'), frame, error));
        LengthPrefixFraming small(4, LengthPrefixFraming::ByteOrder::Big, false, 10);
        CPPUNIT_ASSERT(!small.encode(std::string(11, 'a'), frame, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("a frame of 11 bytes is larger than the maximum of 10") !=
                                          std::string::npos);
    }

    void testAsciiLength()
    {
        AsciiLengthFraming framing(4, false, oneMiB);
        CPPUNIT_ASSERT_EQUAL(std::string("0005hello"), encoded(framing, "hello"));
        CPPUNIT_ASSERT_EQUAL(std::string("0009hello"), encoded(AsciiLengthFraming(4, true, oneMiB), "hello"));
        CPPUNIT_ASSERT_EQUAL(std::string("000000"), encoded(AsciiLengthFraming(6, false, oneMiB), ""));
        assertByteByByte(framing, "one byte at a time");
        assertTwoInOneRead(framing, "ab", "cde");
        assertByteByByte(AsciiLengthFraming(3, true, oneMiB), "inclusive");
    }

    void testAsciiLengthNonDigitIsRefusedAtOnce()
    {
        AsciiLengthFraming framing(4, false, oneMiB);
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        CPPUNIT_ASSERT(decoder->feed("00").kind == DecodeResult::Kind::NeedMore);
        // The third header byte is wrong: an error now, not after a fourth byte.
        assertError(decoder->feed("x"), "non-digit byte 0x78 at position 2");
        assertError(framing.decoder()->feed(" 005hello"), "non-digit byte 0x20 at position 0");
        assertError(framing.decoder()->feed("-005hello"), "non-digit");
    }

    void testAsciiLengthLimits()
    {
        AsciiLengthFraming framing(4, false, 100);
        assertError(framing.decoder()->feed("0101"), "announces 101 bytes, more than the maximum of 100");
        assertError(AsciiLengthFraming(4, true, 100).decoder()->feed("0003"), "less than the 4-digit header");
        std::string frame;
        std::string error;
        AsciiLengthFraming twoDigits(2, false, oneMiB);
        CPPUNIT_ASSERT(twoDigits.encode(std::string(99, 'a'), frame, error));
        CPPUNIT_ASSERT(!twoDigits.encode(std::string(100, 'a'), frame, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("maximum of 99") != std::string::npos);
    }

    void testDelimiter()
    {
        DelimiterFraming newline("\n", oneMiB);
        CPPUNIT_ASSERT_EQUAL(std::string("hello\n"), encoded(newline, "hello"));
        assertByteByByte(newline, "a line");
        assertTwoInOneRead(newline, "first", "second");
        DelimiterFraming crlf("\r\n", oneMiB);
        assertByteByByte(crlf, "a line with a lone \r inside");
        assertTwoInOneRead(crlf, "", "x");
        DelimiterFraming ebcdicNewline(std::string(1, '\x25'), oneMiB);
        assertByteByByte(ebcdicNewline, "\xC8\xC5\xD3\xD3\xD6");
    }

    void testDelimiterSplitAcrossReads()
    {
        DelimiterFraming framing("<END>", oneMiB);
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        CPPUNIT_ASSERT(decoder->feed("payload<EN").kind == DecodeResult::Kind::NeedMore);
        DecodeResult result = decoder->feed("D>next");
        CPPUNIT_ASSERT(result.kind == DecodeResult::Kind::Frame);
        CPPUNIT_ASSERT_EQUAL(std::string("payload"), result.payload);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), decoder->buffered());
    }

    void testDelimiterNotFoundWithinMaximum()
    {
        DelimiterFraming framing("\r\n", 8);
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        // 8 bytes and the first delimiter byte may still be a frame of the maximum size.
        CPPUNIT_ASSERT(decoder->feed("12345678\r").kind == DecodeResult::Kind::NeedMore);
        DecodeResult exact = decoder->feed("\n");
        CPPUNIT_ASSERT(exact.kind == DecodeResult::Kind::Frame);
        CPPUNIT_ASSERT_EQUAL(std::string("12345678"), exact.payload);
        std::unique_ptr<FrameDecoder> longer = framing.decoder();
        CPPUNIT_ASSERT(longer->feed("12345678").kind == DecodeResult::Kind::NeedMore);
        assertError(longer->feed("90"), "no delimiter within the first 8 bytes");
        // A frame longer than the maximum that arrives whole is refused too.
        assertError(framing.decoder()->feed("123456789\r\n"),
                    "a frame of 9 bytes is larger than the maximum of 8");
    }

    void testDelimiterInPayloadCannotBeEncoded()
    {
        std::string frame;
        std::string error;
        CPPUNIT_ASSERT(!DelimiterFraming("\n", oneMiB).encode("two\nlines", frame, error));
        CPPUNIT_ASSERT_MESSAGE(error,
                               error.find("contains the frame delimiter (at byte 3)") != std::string::npos);
        CPPUNIT_ASSERT(!DelimiterFraming("\n", 4).encode("12345", frame, error));
    }

    void testDelimiterOverlappingPayloadEndCannotBeEncoded()
    {
        // "a\r\n" + "\r\n\r\n" would be read back as "a": the delimiter starts in the payload.
        std::string frame;
        std::string error;
        DelimiterFraming blankLine("\r\n\r\n", oneMiB);
        CPPUNIT_ASSERT(!blankLine.encode("a\r\n", frame, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("ends with the start of the frame delimiter (at byte 1)") !=
                                          std::string::npos);
        DelimiterFraming netconf("]]>]]>", oneMiB);
        CPPUNIT_ASSERT(!netconf.encode("<rpc/>]]>", frame, error));
        // A tail that does not complete a delimiter is fine, and reads back whole.
        assertByteByByte(blankLine, "a\r\n\r");
        assertByteByByte(netconf, "<rpc/>]]");
    }

    void testMllp()
    {
        MllpFraming framing(oneMiB);
        CPPUNIT_ASSERT_EQUAL(bytes({0x0B}) + "MSH|^~\\&\r" + bytes({0x1C, 0x0D}),
                             encoded(framing, "MSH|^~\\&\r"));
        assertByteByByte(framing, "MSH|^~\\&|A\rMSA|AA|1\r");
        assertTwoInOneRead(framing, "MSH|1\r", "MSH|2\r");
        std::string frame;
        std::string error;
        CPPUNIT_ASSERT(!framing.encode("bad" + bytes({0x1C}) + "payload", frame, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("0x1C") != std::string::npos);
    }

    void testMllpGarbageBeforeStartBlock()
    {
        MllpFraming framing(oneMiB);
        assertError(framing.decoder()->feed("HTTP/1.1 400 Bad Request\r\n"), "unexpected byte 0x48");
        assertError(framing.decoder()->feed(bytes({0x0D, 0x0B}) + "MSH"),
                    "where the MLLP start block 0x0B belongs");
        // Garbage after a complete frame is found when the next frame is read.
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        CPPUNIT_ASSERT(decoder->feed(encoded(framing, "MSH|1\r") + "junk").kind == DecodeResult::Kind::Frame);
        assertError(decoder->feed(""), "unexpected byte 0x6A");
    }

    void testMllpBadTrailer()
    {
        MllpFraming framing(oneMiB);
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        CPPUNIT_ASSERT(decoder->feed(bytes({0x0B}) + "MSH" + bytes({0x1C})).kind ==
                       DecodeResult::Kind::NeedMore);
        assertError(decoder->feed("\n"), "followed by 0x0A instead of 0x0D");
    }

    void testMllpTooLarge()
    {
        MllpFraming framing(10);
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        CPPUNIT_ASSERT(decoder->feed(bytes({0x0B}) + "0123456789").kind == DecodeResult::Kind::NeedMore);
        assertError(decoder->feed("A"), "no MLLP end block within the first 10 bytes");
        assertError(framing.decoder()->feed(bytes({0x0B}) + "0123456789A" + bytes({0x1C, 0x0D})),
                    "a frame of 11 bytes");
    }

    void testFixed()
    {
        FixedFraming framing(5, oneMiB);
        CPPUNIT_ASSERT_EQUAL(std::string("abcde"), encoded(framing, "abcde"));
        assertByteByByte(framing, "12345");
        assertTwoInOneRead(framing, "first", "secnd");
        std::string frame;
        std::string error;
        CPPUNIT_ASSERT(!framing.encode("abc", frame, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("needs exactly 5") != std::string::npos);
    }

    void testErrorsAreSticky()
    {
        MllpFraming framing(oneMiB);
        std::unique_ptr<FrameDecoder> decoder = framing.decoder();
        assertError(decoder->feed("x"), "unexpected byte");
        // A valid frame afterwards does not resynchronise a stream that was out of step.
        assertError(decoder->feed(encoded(framing, "MSH|1\r")), "unexpected byte 0x78");
    }

    void testByteEscapes()
    {
        std::string out;
        std::string error;
        CPPUNIT_ASSERT(ByteEscapes::unescape("\\r\\n\\t\\\\\\x00\\xfF|", out, error));
        CPPUNIT_ASSERT_EQUAL(bytes({'\r', '\n', '\t', '\\', 0x00, 0xFF, '|'}), out);
        CPPUNIT_ASSERT(!ByteEscapes::unescape("\\q", out, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("unknown escape \\q") != std::string::npos);
        CPPUNIT_ASSERT(!ByteEscapes::unescape("\\x4", out, error));
        CPPUNIT_ASSERT_MESSAGE(error, error.find("two hex digits") != std::string::npos);
        CPPUNIT_ASSERT(!ByteEscapes::unescape("end\\", out, error));
        CPPUNIT_ASSERT_EQUAL(std::string("\\r\\n\\x1C|"),
                             ByteEscapes::escape(bytes({'\r', '\n', 0x1C, '|'})));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FramingTest, "tcp");
