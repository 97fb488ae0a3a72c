// The append-only file under the access log: lines from two writers on the same file (the gateway
// and, say, a second process) both land whole at the end, never over each other; the file is
// created with the owner's and group's access only; a folder that does not exist is a clear error.

#include "log/AppendFile.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/TemporaryFile.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

using portico::log::AppendFile;

namespace
{

std::string contentOf(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

class AppendFileTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(AppendFileTest);
    CPPUNIT_TEST(testTwoWritersBothAppend);
    CPPUNIT_TEST(testCreatedForOwnerAndGroup);
    CPPUNIT_TEST(testMissingFolderIsAClearError);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTwoWritersBothAppend()
    {
        Poco::TemporaryFile file;
        {
            std::ofstream existing(file.path());
            existing << "kept\n";
        }
        AppendFile first(file.path(), "test log");
        AppendFile second(file.path(), "test log");
        CPPUNIT_ASSERT(first.append("one\n", 4));
        CPPUNIT_ASSERT(second.append("two\n", 4));
        CPPUNIT_ASSERT(first.append("three\n", 6));
        CPPUNIT_ASSERT_EQUAL(std::string("kept\none\ntwo\nthree\n"), contentOf(file.path()));
    }

    void testCreatedForOwnerAndGroup()
    {
        Poco::TemporaryFile file; // a path only: nothing is created until the AppendFile
        {
            AppendFile created(file.path(), "test log");
            CPPUNIT_ASSERT(created.append("x\n", 2));
        }
        struct stat status
        {
        };
        CPPUNIT_ASSERT_EQUAL(0, ::stat(file.path().c_str(), &status));
        CPPUNIT_ASSERT_EQUAL(
            0u, static_cast<unsigned>(status.st_mode & 0027)); // no group write, nothing for others
    }

    void testMissingFolderIsAClearError()
    {
        try
        {
            AppendFile missing("/nonexistent-folder/access.log", "access log");
            CPPUNIT_FAIL("a file in a folder that does not exist was opened");
        }
        catch (const std::runtime_error& e)
        {
            const std::string message = e.what();
            CPPUNIT_ASSERT(message.find("cannot open access log /nonexistent-folder/access.log: ") == 0);
        }
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(AppendFileTest, "log");
