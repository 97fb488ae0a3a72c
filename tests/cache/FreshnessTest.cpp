// Cache-Control as a shared cache reads it, HTTP-dates in their three forms, and the freshness
// arithmetic of RFC 9111 §4.2: which lifetime wins, and the age corrected for the origin's Age and
// Date and for the request's round trip.

#include "cache/Freshness.h"
#include "cache/CacheControl.h"

#include <cppunit/extensions/HelperMacros.h>

using namespace portico::cache;

class FreshnessTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(FreshnessTest);
    CPPUNIT_TEST(testDirectives);
    CPPUNIT_TEST(testHttpDates);
    CPPUNIT_TEST(testLifetime);
    CPPUNIT_TEST(testAge);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDirectives()
    {
        CacheControl control;
        control.add("public, Max-Age=60");
        control.add(" s-maxage=\"30\" ,must-revalidate, x-unknown=1");
        CPPUNIT_ASSERT(control.isPublic && control.mustRevalidate && !control.noStore && !control.isPrivate);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(60), *control.maxAge);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30), *control.sMaxAge);
        CacheControl refusing;
        refusing.add("no-store");
        refusing.add("private=\"Set-Cookie\", no-cache");
        CPPUNIT_ASSERT(refusing.noStore && refusing.isPrivate && refusing.noCache);
        // A malformed max-age is read as 0 (stale at once), a huge one saturates.
        CacheControl odd;
        odd.add("max-age=soon, s-maxage=99999999999999999999, stale-if-error=120");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), *odd.maxAge);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2147483648), *odd.sMaxAge);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(120), *odd.staleIfError);
    }

    void testHttpDates()
    {
        // RFC 9110 §5.6.7's example, in each of its three forms.
        const std::int64_t expected = 784111777;
        CPPUNIT_ASSERT_EQUAL(expected, *parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"));
        CPPUNIT_ASSERT_EQUAL(expected, *parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
        CPPUNIT_ASSERT_EQUAL(expected, *parseHttpDate("Sun Nov  6 08:49:37 1994"));
        CPPUNIT_ASSERT(!parseHttpDate("0"));
        CPPUNIT_ASSERT(!parseHttpDate(""));
        // The IMF-fixdate's shape, not only its length: a missing space is no date (found by
        // CacheHeaderFuzzer, which read such dates as other days).
        CPPUNIT_ASSERT(!parseHttpDate("Sun, 06 Nov01994 08:49:37 GMT"));
        CPPUNIT_ASSERT(!parseHttpDate("Sun, 06 Nov 1994 08-49-37 GMT"));
        CPPUNIT_ASSERT(!parseHttpDate("Sun Nov  6 08:4 087 1994"));
        CPPUNIT_ASSERT(!parseHttpDate("Sunday, 06-Nov-94 08:49:3 GMT"));
        CPPUNIT_ASSERT(!parseHttpDate("Sun1ay, 06-Nov-94 08:49:37 GMT"));
        CPPUNIT_ASSERT_EQUAL(expected,
                             *parseHttpDate("Wednesday, 06-Nov-94 08:49:37 GMT")); // the name is not checked
    }

    void testLifetime()
    {
        ResponseTiming timing;
        timing.responseTime = 1000;
        timing.date = 1000;
        CacheControl none;
        CPPUNIT_ASSERT_EQUAL(std::int64_t(30), freshnessLifetime(none, timing, 30)); // the route's ttl
        timing.expiresPresent = true;
        timing.expires = 1120;
        CPPUNIT_ASSERT_EQUAL(std::int64_t(120), freshnessLifetime(none, timing, 30)); // Expires - Date
        CacheControl maxAge;
        maxAge.add("max-age=60");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(60),
                             freshnessLifetime(maxAge, timing, 30)); // max-age beats Expires
        maxAge.add("s-maxage=5");
        CPPUNIT_ASSERT_EQUAL(std::int64_t(5), freshnessLifetime(maxAge, timing, 30)); // s-maxage beats both
        timing.expires.reset(); // an invalid Expires: already expired
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), freshnessLifetime(none, timing, 30));
        timing.expires = 900; // in the past
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), freshnessLifetime(none, timing, 30));
    }

    void testAge()
    {
        // RFC 9111 §4.2.3: the request left at 100, the answer came at 103 with Date 101 and Age 10.
        ResponseTiming timing;
        timing.requestTime = 100;
        timing.responseTime = 103;
        timing.date = 101;
        timing.age = 10;
        // apparent_age = 2, corrected_age_value = 10 + 3 = 13: the larger wins.
        CPPUNIT_ASSERT_EQUAL(std::int64_t(13), initialAge(timing));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(20), currentAge(13, 103, 110)); // resident 7 s
        // A Date far behind the arrival (a slow clock at the origin) shows as apparent age.
        timing.age.reset();
        timing.date = 40;
        CPPUNIT_ASSERT_EQUAL(std::int64_t(63), initialAge(timing));
        // A Date in the future counts as no age at all.
        timing.date = 200;
        CPPUNIT_ASSERT_EQUAL(std::int64_t(3), initialAge(timing));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(FreshnessTest, "cache");
