// Forward-only schema steps: each runs once, in order, and records its version; a file already at
// a version skips what it has; a step that fails leaves the file as it was (no table, no version
// bump); a file newer than the binary is refused.

#include "schema/SchemaMigrations.h"

#include <cppunit/extensions/HelperMacros.h>
#include <sqlite3.h>

using namespace portico::schema;

class SchemaMigrationsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(SchemaMigrationsTest);
    CPPUNIT_TEST(testStepsRunOnceInOrder);
    CPPUNIT_TEST(testFailedStepLeavesTheFileAsItWas);
    CPPUNIT_TEST(testNewerFileRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { sqlite3_open(":memory:", &_db); }
    void tearDown() override { sqlite3_close(_db); }

    void testStepsRunOnceInOrder()
    {
        int runs = 0;
        const std::vector<Migration> steps{
            {1, "t",
             [&](sqlite3* db, std::string& e)
             {
                 ++runs;
                 return execute(db, "CREATE TABLE t (a)", e);
             }},
            {2, "t.b",
             [&](sqlite3* db, std::string& e)
             {
                 ++runs;
                 return addColumnIfMissing(db, "t", "b", "TEXT", e);
             }},
        };
        std::string error;
        CPPUNIT_ASSERT_MESSAGE(error, migrate(_db, "test", steps, error));
        CPPUNIT_ASSERT_EQUAL(2, userVersion(_db));
        CPPUNIT_ASSERT_EQUAL(2, runs);
        CPPUNIT_ASSERT(migrate(_db, "test", steps, error)); // nothing left to do
        CPPUNIT_ASSERT_EQUAL(2, runs);
        CPPUNIT_ASSERT(addColumnIfMissing(_db, "t", "b", "TEXT", error)); // present: no error, no change
    }

    void testFailedStepLeavesTheFileAsItWas()
    {
        const std::vector<Migration> steps{
            {1, "t", [](sqlite3* db, std::string& e) { return execute(db, "CREATE TABLE t (a)", e); }},
            {2, "broken",
             [](sqlite3* db, std::string& e)
             { return execute(db, "CREATE TABLE u (a)", e) && execute(db, "NOT SQL", e); }},
        };
        std::string error;
        CPPUNIT_ASSERT(!migrate(_db, "the test file", steps, error));
        CPPUNIT_ASSERT_MESSAGE(
            error, error.rfind("the test file: cannot bring it to schema version 2 (broken): ", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(1, userVersion(_db));
        CPPUNIT_ASSERT(execute(_db, "SELECT * FROM t", error));
        CPPUNIT_ASSERT(!execute(_db, "SELECT * FROM u", error)); // rolled back with its step
    }

    void testNewerFileRefused()
    {
        std::string error;
        execute(_db, "PRAGMA user_version = 7", error);
        const std::vector<Migration> steps{{1, "t", [](sqlite3*, std::string&) { return true; }}};
        CPPUNIT_ASSERT(!migrate(_db, "the audit database a.db", steps, error));
        CPPUNIT_ASSERT_EQUAL(
            std::string("the audit database a.db has schema version 7, written by a newer porticod; "
                        "this one knows versions up to 1"),
            error);
    }

private:
    sqlite3* _db = nullptr;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(SchemaMigrationsTest, "schema");
