#pragma once

// A child process started by a test (porticod, a demo upstream, …): stdout and stderr go to
// files in the test's folder, so the test can wait for a line and read the logs; the process
// is stopped (SIGTERM, then SIGKILL after a bounded wait) when the object goes away.

#include <chrono>
#include <string>
#include <sys/resource.h>
#include <sys/types.h>
#include <vector>

namespace portico::test
{

class TestProcess
{
public:
    TestProcess() = default;
    TestProcess(const TestProcess&) = delete;
    TestProcess& operator=(const TestProcess&) = delete;
    ~TestProcess();

    // Starts program with arguments; output files are logPrefix + ".out" / ".err".
    void start(const std::string& program, const std::vector<std::string>& arguments,
               const std::string& logPrefix, const std::vector<std::string>& extraEnvironment = {});

    // Waits until stdout or stderr contains text (bounded by timeout); false on timeout or exit.
    bool waitForOutput(const std::string& text, std::chrono::milliseconds timeout) const;

    // Sends signal and waits for the exit (bounded). Returns the exit code, or -1 when it had
    // to be killed, or 128+N when it died of signal N.
    int stop(int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Waits for the exit without signalling (bounded); -2 when still running.
    int waitForExit(std::chrono::milliseconds timeout);
    bool running() const;

    std::string output() const;      // stdout so far
    std::string errorOutput() const; // stderr so far
    pid_t pid() const { return _pid; }

private:
    pid_t _pid = -1;
    int _exitCode = -2;
    std::string _outFile;
    std::string _errFile;
};

// Runs a program to completion (bounded) and returns its exit code; output into out/err.
int runToCompletion(const std::string& program, const std::vector<std::string>& arguments, std::string& out,
                    std::string& err, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                    const std::string& standardInput = "");

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& content);
// Lines in a file (0 when it does not exist): the demo services log one per connection accepted.
std::size_t lineCount(const std::string& path);
// Every occurrence of from in text becomes to (a configuration's placeholders, say).
void replaceAll(std::string& text, const std::string& from, const std::string& to);

// A loopback port that was free a moment ago (bind to 0, read, close).
unsigned short freePort();

// Raises this process's soft descriptor limit towards wanted (children started later inherit it)
// and returns the soft limit then in force.
rlim_t raiseDescriptorLimit(rlim_t wanted);

// A fresh temporary folder, removed by the destructor.
class TempDirectory
{
public:
    TempDirectory();
    ~TempDirectory();
    const std::string& path() const { return _path; }
    std::string file(const std::string& name) const { return _path + "/" + name; }

private:
    std::string _path;
};

// Where the build put the binaries (bin/) and the source tree's etc/.
std::string binaryPath(const std::string& name);
std::string sourcePath(const std::string& relative);

} // namespace portico::test
