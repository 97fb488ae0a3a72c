// <audit database="postgresql://…">: the URL an operator writes, turned into the key=value form
// POCO's PostgreSQL connector takes (percent-escapes decoded, values quoted, query parameters
// such as sslmode kept), and anything else not taken for PostgreSQL.

#include "audit/PostgresAuditSink.h"

#include <cppunit/extensions/HelperMacros.h>

using portico::audit::PostgresAuditSink;

class PostgresUrlTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(PostgresUrlTest);
    CPPUNIT_TEST(testFullUrl);
    CPPUNIT_TEST(testMinimalUrl);
    CPPUNIT_TEST(testNotPostgres);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFullUrl()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("host='db.example' port=5433 user='audit' password='p@ss w\\'d' "
                                         "dbname='trail' sslmode='require'"),
                             PostgresAuditSink::connectionString(
                                 "postgresql://audit:p%40ss%20w'd@db.example:5433/trail?sslmode=require"));
    }

    void testMinimalUrl()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("host='127.0.0.1'"),
                             PostgresAuditSink::connectionString("postgres://127.0.0.1"));
    }

    void testNotPostgres()
    {
        CPPUNIT_ASSERT(!PostgresAuditSink::isUrl("/var/lib/portico/audit.db"));
        CPPUNIT_ASSERT(!PostgresAuditSink::isUrl("mysql://x"));
        CPPUNIT_ASSERT_EQUAL(std::string(), PostgresAuditSink::connectionString("audit.db"));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(PostgresUrlTest, "audit");
