// Runs the CppUnit suites registered under the names given on the command line
// (CPPUNIT_TEST_SUITE_NAMED_REGISTRATION), or every suite when none is given.
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/TextTestProgressListener.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <iostream>

int main(int argc, char** argv)
{
    CppUnit::TestRunner runner;
    if (argc < 2)
    {
        runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    }
    for (int i = 1; i < argc; ++i)
    {
        runner.addTest(CppUnit::TestFactoryRegistry::getRegistry(argv[i]).makeTest());
    }
    CppUnit::TestResult controller;
    CppUnit::TestResultCollector result;
    controller.addListener(&result);
    CppUnit::TextTestProgressListener progress;
    controller.addListener(&progress);
    runner.run(controller);
    CppUnit::CompilerOutputter outputter(&result, std::cerr);
    outputter.write();
    const int failed = result.testFailuresTotal();
    const int passed = result.runTests() - failed;
    std::cout << "\n" << passed << " passed, " << failed << " failed" << std::endl;
    return result.wasSuccessful() && result.runTests() > 0 ? 0 : 1;
}
