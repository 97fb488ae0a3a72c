// The byte buffer every connection reads and writes through.
#include "util/Buffer.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

using portico::util::Buffer;

class BufferTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BufferTest);
    CPPUNIT_TEST(testAppendDecimal);
    CPPUNIT_TEST(testEmptyViewAppendsNothing);
    CPPUNIT_TEST(testReleaseOnlyWhenEmpty);
    CPPUNIT_TEST(testGrowingKeepsUnreadBytes);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAppendDecimal()
    {
        Buffer out;
        for (std::uint64_t value :
             {std::uint64_t(0), std::uint64_t(7), std::uint64_t(200), std::uint64_t(1048576), UINT64_MAX})
        {
            out.appendDecimal(value);
            out.append(' ');
        }
        CPPUNIT_ASSERT_EQUAL(std::string("0 7 200 1048576 18446744073709551615 "), std::string(out.view()));
    }

    void testEmptyViewAppendsNothing()
    {
        Buffer out;
        out.append(std::string_view()); // a null pointer with length 0
        out.append(nullptr, 0);
        CPPUNIT_ASSERT(out.empty());
        out.append("ab");
        out.append(std::string_view());
        CPPUNIT_ASSERT_EQUAL(std::string("ab"), std::string(out.view()));
    }

    // An idle connection gives its storage back; bytes still held are never dropped.
    void testReleaseOnlyWhenEmpty()
    {
        Buffer buffer;
        buffer.append(std::string(10000, 'x'));
        buffer.release();
        CPPUNIT_ASSERT_EQUAL(std::size_t(10000), buffer.size());
        CPPUNIT_ASSERT(buffer.capacity() >= 10000);
        buffer.consume(10000);
        buffer.release();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), buffer.capacity());
        buffer.append("again");
        CPPUNIT_ASSERT_EQUAL(std::string("again"), std::string(buffer.view()));
    }

    // Growth and shrinking move the unread bytes, and only those, to the new storage.
    void testGrowingKeepsUnreadBytes()
    {
        Buffer buffer;
        buffer.append("head:");
        CPPUNIT_ASSERT(buffer.capacity() < 4096); // a short message keeps a small buffer
        buffer.consume(2);
        std::string expected = "ad:";
        for (int i = 0; i < 200; ++i)
        {
            const std::string piece = std::to_string(i) + ",";
            buffer.append(piece);
            expected += piece;
        }
        char* space = buffer.prepare(100000);
        std::memset(space, 'z', 10);
        buffer.commit(10);
        expected += std::string(10, 'z');
        CPPUNIT_ASSERT_EQUAL(expected, std::string(buffer.view()));
        CPPUNIT_ASSERT(buffer.writable() >= 100000 - 10);

        buffer.consume(buffer.size());
        buffer.shrink(2048);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2048), buffer.capacity());
        buffer.append("after");
        CPPUNIT_ASSERT_EQUAL(std::string("after"), std::string(buffer.view()));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(BufferTest, "util");
