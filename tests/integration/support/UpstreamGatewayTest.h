#pragma once

// The usual fixture of a policy's integration test: a fresh folder and a demo upstream ("alpha")
// per test, and the porticod the test starts in front of it, all stopped after each test.

#include "support/GatewayFixture.h"

#include <cppunit/TestFixture.h>

#include <memory>

namespace portico::test
{

class UpstreamGatewayTest : public CppUnit::TestFixture
{
public:
    void setUp() override
    {
        _folder = std::make_unique<TempDirectory>();
        _upstream = std::make_unique<DemoUpstream>(*_folder, "alpha");
    }

    void tearDown() override
    {
        _gateway.reset();
        _upstream.reset();
        _folder.reset();
    }

protected:
    std::unique_ptr<TempDirectory> _folder;
    std::unique_ptr<DemoUpstream> _upstream;
    std::unique_ptr<Gateway> _gateway;
};

} // namespace portico::test
