// W3C traceparent: what is accepted and what it keeps, every malformation the spec names refused
// without touching the context, a higher version read by its first four fields, new ids well
// formed and distinct, and the exact bytes an upstream receives.

#include "headers/TraceContext.h"

#include <cppunit/extensions/HelperMacros.h>

#include <cstring>
#include <string>
#include <thread>

using namespace portico;

namespace
{

const std::string sampleTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
const std::string sampleParent = "00f067aa0ba902b7";
const std::string sample = "00-" + sampleTrace + "-" + sampleParent + "-01";

std::string parentOf(const headers::TraceContext& context)
{
    return std::string(context.parentId, 16);
}

std::string spanOf(const headers::TraceContext& context)
{
    return std::string(context.spanId, 16);
}

// Lower-case hex and not all zero: what the spec asks of every id.
bool wellFormedId(const char* digits, std::size_t length)
{
    bool nonZero = false;
    for (std::size_t i = 0; i < length; ++i)
    {
        const char c = digits[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
        {
            return false;
        }
        nonZero |= c != '0';
    }
    return nonZero;
}

// Everything a refused accept() must leave as it was.
std::string snapshot(const headers::TraceContext& context)
{
    return std::string(context.traceId, 32) + "|" + parentOf(context) + "|" + spanOf(context) + "|" +
           std::to_string(context.flags) + "|" + (context.valid ? "valid" : "invalid");
}

std::string withChar(std::string text, std::size_t at, char c)
{
    text[at] = c;
    return text;
}

} // namespace

class TraceContextTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TraceContextTest);
    CPPUNIT_TEST(testAcceptsValidTraceparent);
    CPPUNIT_TEST(testRefusesMalformedAndChangesNothing);
    CPPUNIT_TEST(testRefusedOnFreshContextStaysInvalid);
    CPPUNIT_TEST(testHigherVersionReadByFirstFields);
    CPPUNIT_TEST(testHigherVersionWithWrongLayoutRefused);
    CPPUNIT_TEST(testStartGivesWellFormedIds);
    CPPUNIT_TEST(testTwoStartsDiffer);
    CPPUNIT_TEST(testThreadsDrawDifferentIds);
    CPPUNIT_TEST(testNewSpanKeepsTraceAndChangesSpan);
    CPPUNIT_TEST(testFormatForUpstreamExactBytes);
    CPPUNIT_TEST(testAcceptedHigherVersionForwardedAsVersion00);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAcceptsValidTraceparent()
    {
        headers::TraceContext context;
        CPPUNIT_ASSERT(!context.valid);
        CPPUNIT_ASSERT(context.accept(sample));
        CPPUNIT_ASSERT(context.valid);
        CPPUNIT_ASSERT_EQUAL(sampleTrace, std::string(context.traceIdView()));
        CPPUNIT_ASSERT_EQUAL(sampleParent, parentOf(context));
        CPPUNIT_ASSERT_EQUAL(1, int(context.flags));
        // The gateway's own span is drawn at once, so a valid context can always be forwarded.
        CPPUNIT_ASSERT(wellFormedId(context.spanId, 16));
        CPPUNIT_ASSERT(spanOf(context) != sampleParent);

        // Version 00 flags are kept as sent, bits beyond sampled included.
        headers::TraceContext unsampled;
        CPPUNIT_ASSERT(unsampled.accept("00-" + sampleTrace + "-" + sampleParent + "-00"));
        CPPUNIT_ASSERT_EQUAL(0, int(unsampled.flags));
        headers::TraceContext more;
        CPPUNIT_ASSERT(more.accept("00-" + sampleTrace + "-" + sampleParent + "-09"));
        CPPUNIT_ASSERT_EQUAL(9, int(more.flags));
    }

    void testRefusesMalformedAndChangesNothing()
    {
        const std::string zeroTrace(32, '0');
        const std::string zeroParent(16, '0');
        const std::string malformed[] = {
            sample.substr(0, 54),                                          // length 54
            sample + "0",                                                  // length 56
            sample + "-",                                                  // 00 has no further fields
            "",                                                            // empty
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + sampleParent + "-01", // upper-case trace id
            withChar(sample, 3, 'A'),                                      // one upper-case digit
            "00-" + sampleTrace + "-00F067AA0BA902B7-01",                  // upper-case parent id
            withChar(sample, 54, 'A'),                                     // upper-case flags
            withChar(sample, 1, 'A'),                                      // upper-case version
            withChar(sample, 10, 'g'),                                     // 'g' in the trace id
            withChar(sample, 40, 'g'),                                     // 'g' in the parent id
            withChar(sample, 53, 'g'),                                     // 'g' in the flags
            withChar(sample, 0, 'g'),                                      // 'g' in the version
            "00-" + zeroTrace + "-" + sampleParent + "-01",                // all-zero trace id
            "00-" + sampleTrace + "-" + zeroParent + "-01",                // all-zero parent id
            "ff-" + sampleTrace + "-" + sampleParent + "-01",              // version ff
            withChar(sample, 2, '_'),                                      // missing dashes
            withChar(sample, 35, '_'),
            withChar(sample, 52, '_'),
            "00" + sampleTrace + sampleParent + "01---", // dashes elsewhere
            " " + sample.substr(0, 54),                  // leading space
        };

        headers::TraceContext context;
        CPPUNIT_ASSERT(context.accept(sample));
        const std::string before = snapshot(context);
        for (const std::string& value : malformed)
        {
            CPPUNIT_ASSERT_MESSAGE(value, !context.accept(value));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(value, before, snapshot(context));
        }
    }

    void testRefusedOnFreshContextStaysInvalid()
    {
        headers::TraceContext context;
        CPPUNIT_ASSERT(!context.accept("ff-" + sampleTrace + "-" + sampleParent + "-01"));
        CPPUNIT_ASSERT(!context.valid);
        CPPUNIT_ASSERT_EQUAL(0, int(context.flags));
    }

    void testHigherVersionReadByFirstFields()
    {
        headers::TraceContext context;
        CPPUNIT_ASSERT(context.accept("01-" + sampleTrace + "-" + sampleParent + "-01-extra"));
        CPPUNIT_ASSERT(context.valid);
        CPPUNIT_ASSERT_EQUAL(sampleTrace, std::string(context.traceIdView()));
        CPPUNIT_ASSERT_EQUAL(sampleParent, parentOf(context));
        CPPUNIT_ASSERT_EQUAL(1, int(context.flags));
        CPPUNIT_ASSERT(wellFormedId(context.spanId, 16));

        // Exactly the four fields, and a version far from 00, are read the same way.
        headers::TraceContext bare;
        CPPUNIT_ASSERT(bare.accept("01-" + sampleTrace + "-" + sampleParent + "-01"));
        CPPUNIT_ASSERT_EQUAL(sampleTrace, std::string(bare.traceIdView()));
        headers::TraceContext far;
        CPPUNIT_ASSERT(far.accept("fe-" + sampleTrace + "-" + sampleParent + "-00-a-b-c"));
        CPPUNIT_ASSERT_EQUAL(0, int(far.flags));

        // Only the sampled bit is read from a higher version.
        headers::TraceContext masked;
        CPPUNIT_ASSERT(masked.accept("01-" + sampleTrace + "-" + sampleParent + "-ff-x"));
        CPPUNIT_ASSERT_EQUAL(1, int(masked.flags));
        headers::TraceContext unsampled;
        CPPUNIT_ASSERT(unsampled.accept("01-" + sampleTrace + "-" + sampleParent + "-02"));
        CPPUNIT_ASSERT_EQUAL(0, int(unsampled.flags));
    }

    void testHigherVersionWithWrongLayoutRefused()
    {
        const std::string wrong[] = {
            "01-" + sampleTrace + "-" + sampleParent + "-01x", // flags not followed by a dash
            "01-" + sampleTrace + "-" + sampleParent + "-01extra",
            "01-" + sampleTrace + "-" + sampleParent + "-1",         // shorter than 55
            "01-" + sampleTrace + "-" + sampleParent + "-1-extra",   // flags of one digit
            "01-" + sampleTrace + "0-" + sampleParent + "-01-extra", // trace id of 33 digits
            "01-" + sampleTrace + "x" + sampleParent + "-01-extra",  // dash missing
            "01-" + sampleTrace + "-" + sampleParent + "x01-extra",
            "01_" + sampleTrace + "-" + sampleParent + "-01-extra",
            "01-" + sampleTrace + "-" + sampleParent + "-0A-extra", // upper-case flags
            "01-4BF92F3577B34DA6A3CE929D0E0E4736-" + sampleParent + "-01-extra",
            "01-" + std::string(32, '0') + "-" + sampleParent + "-01-extra",
            "01-" + sampleTrace + "-" + std::string(16, '0') + "-01-extra",
        };
        headers::TraceContext context;
        CPPUNIT_ASSERT(context.accept(sample));
        const std::string before = snapshot(context);
        for (const std::string& value : wrong)
        {
            CPPUNIT_ASSERT_MESSAGE(value, !context.accept(value));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(value, before, snapshot(context));
        }
    }

    void testStartGivesWellFormedIds()
    {
        for (int round = 0; round < 1000; ++round)
        {
            headers::TraceContext context;
            context.start();
            CPPUNIT_ASSERT(context.valid);
            CPPUNIT_ASSERT(wellFormedId(context.traceId, 32));
            CPPUNIT_ASSERT(wellFormedId(context.spanId, 16));
            CPPUNIT_ASSERT_EQUAL(std::string(16, '0'), parentOf(context));
            CPPUNIT_ASSERT_EQUAL(0, int(context.flags));
        }
    }

    void testTwoStartsDiffer()
    {
        headers::TraceContext first;
        headers::TraceContext second;
        first.start();
        second.start();
        CPPUNIT_ASSERT(first.traceIdView() != second.traceIdView());
        CPPUNIT_ASSERT(spanOf(first) != spanOf(second));
        // start() over an accepted context replaces all of it.
        CPPUNIT_ASSERT(first.accept(sample));
        first.start();
        CPPUNIT_ASSERT(std::string(first.traceIdView()) != sampleTrace);
        CPPUNIT_ASSERT_EQUAL(std::string(16, '0'), parentOf(first));
        CPPUNIT_ASSERT_EQUAL(0, int(first.flags));
    }

    // Each thread seeds its own generator: two threads must not draw the same sequence.
    void testThreadsDrawDifferentIds()
    {
        headers::TraceContext first;
        headers::TraceContext second;
        std::thread one([&first] { first.start(); });
        std::thread two([&second] { second.start(); });
        one.join();
        two.join();
        CPPUNIT_ASSERT(wellFormedId(first.traceId, 32));
        CPPUNIT_ASSERT(wellFormedId(second.traceId, 32));
        CPPUNIT_ASSERT(first.traceIdView() != second.traceIdView());
    }

    void testNewSpanKeepsTraceAndChangesSpan()
    {
        headers::TraceContext context;
        CPPUNIT_ASSERT(context.accept(sample));
        const std::string firstSpan = spanOf(context);
        context.newSpan();
        CPPUNIT_ASSERT(context.valid);
        CPPUNIT_ASSERT_EQUAL(sampleTrace, std::string(context.traceIdView()));
        CPPUNIT_ASSERT_EQUAL(sampleParent, parentOf(context));
        CPPUNIT_ASSERT_EQUAL(1, int(context.flags));
        CPPUNIT_ASSERT(wellFormedId(context.spanId, 16));
        CPPUNIT_ASSERT(spanOf(context) != firstSpan);

        headers::TraceContext started;
        started.start();
        const std::string trace(started.traceIdView());
        const std::string startSpan = spanOf(started);
        started.newSpan();
        CPPUNIT_ASSERT_EQUAL(trace, std::string(started.traceIdView()));
        CPPUNIT_ASSERT(spanOf(started) != startSpan);
    }

    void testFormatForUpstreamExactBytes()
    {
        headers::TraceContext context;
        std::memcpy(context.traceId, sampleTrace.data(), 32);
        std::memcpy(context.parentId, sampleParent.data(), 16);
        std::memcpy(context.spanId, "b7ad6b7169203331", 16);
        context.flags = 0x01;
        context.valid = true;

        char out[55];
        context.formatForUpstream(out);
        CPPUNIT_ASSERT_EQUAL(std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01"),
                             std::string(out, sizeof out));

        context.flags = 0xa0; // flags in lower-case hex, high nibble first
        context.formatForUpstream(out);
        CPPUNIT_ASSERT_EQUAL(std::string("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-a0"),
                             std::string(out, sizeof out));

        // What is written is what the next hop accepts, with the gateway's span as its parent.
        headers::TraceContext next;
        CPPUNIT_ASSERT(next.accept(std::string_view(out, sizeof out)));
        CPPUNIT_ASSERT_EQUAL(std::string("b7ad6b7169203331"), parentOf(next));
    }

    void testAcceptedHigherVersionForwardedAsVersion00()
    {
        headers::TraceContext context;
        CPPUNIT_ASSERT(context.accept("01-" + sampleTrace + "-" + sampleParent + "-01-extra"));
        char out[55];
        context.formatForUpstream(out);
        CPPUNIT_ASSERT_EQUAL("00-" + sampleTrace + "-" + spanOf(context) + "-01",
                             std::string(out, sizeof out));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(TraceContextTest, "headers");
