// Files created while an OwnerOnlyFiles lives are private to the process's user, whatever mask
// the process had; afterwards the previous mask applies again.

#include "util/OwnerOnlyFiles.h"

#include <cppunit/extensions/HelperMacros.h>

#include <Poco/TemporaryFile.h>

#include <fstream>
#include <sys/stat.h>

namespace
{

unsigned createdMode(const std::string& path)
{
    {
        std::ofstream created(path);
        created << "x";
    }
    struct stat status
    {
    };
    CPPUNIT_ASSERT_EQUAL(0, ::stat(path.c_str(), &status));
    return static_cast<unsigned>(status.st_mode & 0777);
}

} // namespace

class OwnerOnlyFilesTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(OwnerOnlyFilesTest);
    CPPUNIT_TEST(testPrivateWhileItLives);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPrivateWhileItLives()
    {
        const mode_t outer = ::umask(022);
        Poco::TemporaryFile inside;
        Poco::TemporaryFile after;
        {
            const portico::util::OwnerOnlyFiles ownerOnly;
            CPPUNIT_ASSERT_EQUAL(0600u, createdMode(inside.path()));
        }
        CPPUNIT_ASSERT_EQUAL(0644u, createdMode(after.path()));
        ::umask(outer);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(OwnerOnlyFilesTest, "util");
