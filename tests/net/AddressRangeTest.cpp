// Address ranges for <allow ips>, <deny ips> and trusted proxies.
#include "net/AddressRange.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using portico::net::AddressRange;
using portico::net::AddressRangeSet;
using portico::net::IpAddress;

namespace
{

bool inRange(const std::string& range, const std::string& address)
{
    const std::optional<AddressRange> parsed = AddressRange::parse(range);
    CPPUNIT_ASSERT_MESSAGE(range, parsed.has_value());
    const std::optional<IpAddress> ip = IpAddress::parse(address);
    CPPUNIT_ASSERT_MESSAGE(address, ip.has_value());
    return parsed->contains(*ip);
}

} // namespace

class AddressRangeTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AddressRangeTest);
    CPPUNIT_TEST(testIpv4Ranges);
    CPPUNIT_TEST(testIpv6Ranges);
    CPPUNIT_TEST(testMappedAddressesMatchIpv4Rules);
    CPPUNIT_TEST(testRefusals);
    CPPUNIT_TEST(testLists);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIpv4Ranges()
    {
        CPPUNIT_ASSERT(inRange("10.0.0.0/8", "10.255.1.2"));
        CPPUNIT_ASSERT(!inRange("10.0.0.0/8", "11.0.0.0"));
        CPPUNIT_ASSERT(inRange("192.168.1.128/25", "192.168.1.200"));
        CPPUNIT_ASSERT(!inRange("192.168.1.128/25", "192.168.1.127"));
        CPPUNIT_ASSERT(inRange("203.0.113.7", "203.0.113.7"));
        CPPUNIT_ASSERT(!inRange("203.0.113.7", "203.0.113.8"));
        CPPUNIT_ASSERT(inRange("0.0.0.0/0", "8.8.8.8"));
        CPPUNIT_ASSERT(!inRange("0.0.0.0/0", "2001:db8::1")); // an IPv4 rule covers IPv4 only
    }

    void testIpv6Ranges()
    {
        CPPUNIT_ASSERT(inRange("2001:db8::/32", "2001:db8:ffff::1"));
        CPPUNIT_ASSERT(!inRange("2001:db8::/32", "2001:db9::1"));
        CPPUNIT_ASSERT(inRange("::1", "::1"));
        CPPUNIT_ASSERT(inRange("fe80::/10", "febf::1"));
        CPPUNIT_ASSERT(!inRange("fe80::/10", "fec0::1"));
    }

    void testMappedAddressesMatchIpv4Rules()
    {
        CPPUNIT_ASSERT(inRange("10.0.0.0/8", "::ffff:10.1.2.3"));
        CPPUNIT_ASSERT(!inRange("10.0.0.0/8", "::ffff:11.1.2.3"));
        CPPUNIT_ASSERT(inRange("::ffff:10.0.0.0/104", "10.9.9.9"));
    }

    void testRefusals()
    {
        for (const char* text : {"10.0.0.1/8", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x",
                                 "host", "10.0.0", "", "/8", "1.2.3.4/08x"})
            CPPUNIT_ASSERT_MESSAGE(text, !AddressRange::parse(text));
        CPPUNIT_ASSERT(!IpAddress::parse("1.2.3.4 "));
    }

    void testLists()
    {
        AddressRangeSet set;
        std::string bad;
        CPPUNIT_ASSERT(set.parse("10.0.0.0/8, 192.0.2.1 2001:db8::/32", bad));
        CPPUNIT_ASSERT(set.contains("10.1.1.1"));
        CPPUNIT_ASSERT(set.contains("192.0.2.1"));
        CPPUNIT_ASSERT(set.contains("2001:db8::5"));
        CPPUNIT_ASSERT(!set.contains("192.0.2.2"));
        CPPUNIT_ASSERT(!set.contains("not an address"));
        AddressRangeSet broken;
        CPPUNIT_ASSERT(!broken.parse("10.0.0.0/8,10.0.0.1/8", bad));
        CPPUNIT_ASSERT_EQUAL(std::string("10.0.0.1/8"), bad);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AddressRangeTest, "net");
