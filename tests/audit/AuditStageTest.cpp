// The record an event loop refills for every exchange: filled from a bare exchange after a full
// one, it carries nothing over, column for column the same as a record made fresh.

#include "audit/AuditStage.h"
#include "audit/AuditChain.h"
#include "pipeline/Exchange.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>

using namespace portico;
using namespace portico::audit;

class AuditStageTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AuditStageTest);
    CPPUNIT_TEST(testRefilledRecordCarriesNothingOver);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRefilledRecordCarriesNothingOver()
    {
        const std::string fullIp = "203.0.113.250";
        pipeline::Exchange full;
        full.request.method = "POST";
        full.request.target = "/payments?card=1";
        full.normalizedPath = "/payments/very/long/path/beyond/the/inline/size";
        full.requestId = "0123456789abcdef0123456789abcdef";
        full.clientIp = &fullIp;
        full.consumer = "partner-with-a-long-consumer-name";
        full.upstream = "payments http://127.0.0.1:9/";
        full.error = "upstream timed out after 30 s";
        full.cacheOutcome = "MISS";
        full.auditRequestBody = std::string(600, 'q');
        full.auditResponseBody = std::string(900, 'r');
        std::fill(std::begin(full.trace.traceId), std::end(full.trace.traceId), 'a');
        full.trace.valid = true;
        full.status = 504;
        full.startedAtWallMicros = 1796515200123456;
        full.startedAt = 1000;
        full.bytesIn = 600;
        full.bytesOut = 120;

        pipeline::Exchange bare;
        bare.request.method = "GET";
        bare.request.target = "/x";
        bare.requestId = "r1";
        bare.status = 404;
        bare.startedAtWallMicros = 1796515200000000;
        bare.startedAt = 2000;

        AuditRecord reused;
        AuditStage::fill(reused, full, 1250);
        CPPUNIT_ASSERT_EQUAL(std::string("/payments/very/long/path/beyond/the/inline/size"), reused.path);
        CPPUNIT_ASSERT_EQUAL(std::string(32, 'a'), *reused.traceId);
        CPPUNIT_ASSERT_EQUAL(250.0, reused.durationMs);
        CPPUNIT_ASSERT_EQUAL(canonicalForm(AuditStage::recordOf(full, 1250)), canonicalForm(reused));

        AuditStage::fill(reused, bare, 2003);
        const AuditRecord fresh = AuditStage::recordOf(bare, 2003);
        CPPUNIT_ASSERT_EQUAL(canonicalForm(fresh), canonicalForm(reused));
        CPPUNIT_ASSERT(!reused.consumer && !reused.upstream && !reused.error && !reused.cache);
        CPPUNIT_ASSERT(!reused.requestBody && !reused.responseBody && !reused.traceId && !reused.route);
        CPPUNIT_ASSERT_EQUAL(std::string("/x"), reused.path);
        CPPUNIT_ASSERT_EQUAL(std::string(), reused.clientIp);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AuditStageTest, "audit");
