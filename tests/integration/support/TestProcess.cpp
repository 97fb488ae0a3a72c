#include "support/TestProcess.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

namespace portico::test
{

namespace
{

pid_t spawn(const std::string& program, const std::vector<std::string>& arguments, int in, int out, int err,
            const std::vector<std::string>& extraEnvironment)
{
    pid_t pid = ::fork();
    if (pid < 0)
    {
        throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    }
    if (pid == 0)
    {
        ::dup2(in, 0);
        ::dup2(out, 1);
        ::dup2(err, 2);
        for (const std::string& assignment : extraEnvironment)
        {
            ::putenv(const_cast<char*>(assignment.c_str()));
        }
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const std::string& argument : arguments)
        {
            argv.push_back(const_cast<char*>(argument.c_str()));
        }
        argv.push_back(nullptr);
        ::execv(program.c_str(), argv.data());
        std::_Exit(127);
    }
    return pid;
}

int decodeStatus(int status)
{
    if (WIFEXITED(status))
    {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status))
    {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

} // namespace

TestProcess::~TestProcess()
{
    if (running())
    {
        stop(SIGKILL, std::chrono::seconds(5));
    }
}

void TestProcess::start(const std::string& program, const std::vector<std::string>& arguments,
                        const std::string& logPrefix, const std::vector<std::string>& extraEnvironment)
{
    _outFile = logPrefix + ".out";
    _errFile = logPrefix + ".err";
    int out = ::open(_outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = ::open(_errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    _pid = spawn(program, arguments, in, out, err, extraEnvironment);
    ::close(out);
    ::close(err);
    ::close(in);
    _exitCode = -2;
}

bool TestProcess::running() const
{
    return _pid > 0 && _exitCode == -2;
}

bool TestProcess::waitForOutput(const std::string& text, std::chrono::milliseconds timeout) const
{
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (output().find(text) != std::string::npos || errorOutput().find(text) != std::string::npos)
        {
            return true;
        }
        int status = 0;
        if (::waitpid(_pid, &status, WNOHANG) == _pid)
        {
            const_cast<TestProcess*>(this)->_exitCode = decodeStatus(status);
            return output().find(text) != std::string::npos || errorOutput().find(text) != std::string::npos;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

int TestProcess::waitForExit(std::chrono::milliseconds timeout)
{
    if (_pid <= 0 || _exitCode != -2)
    {
        return _exitCode;
    }
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline)
    {
        int status = 0;
        if (::waitpid(_pid, &status, WNOHANG) == _pid)
        {
            _exitCode = decodeStatus(status);
            return _exitCode;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -2;
}

int TestProcess::stop(int signal, std::chrono::milliseconds timeout)
{
    if (!running())
    {
        return _exitCode;
    }
    ::kill(_pid, signal);
    int code = waitForExit(timeout);
    if (code == -2)
    {
        ::kill(_pid, SIGKILL);
        waitForExit(std::chrono::seconds(5));
        _exitCode = -1;
    }
    return _exitCode;
}

std::string TestProcess::output() const
{
    return readFile(_outFile);
}

std::string TestProcess::errorOutput() const
{
    return readFile(_errFile);
}

int runToCompletion(const std::string& program, const std::vector<std::string>& arguments, std::string& out,
                    std::string& err, std::chrono::milliseconds timeout, const std::string& standardInput)
{
    TempDirectory folder;
    writeFile(folder.file("stdin"), standardInput);
    TestProcess process;
    int in = ::open(folder.file("stdin").c_str(), O_RDONLY | O_CLOEXEC);
    std::string outFile = folder.file("run.out");
    std::string errFile = folder.file("run.err");
    int outFd = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int errFd = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    pid_t pid = spawn(program, arguments, in, outFd, errFd, {});
    ::close(in);
    ::close(outFd);
    ::close(errFd);
    auto deadline = std::chrono::steady_clock::now() + timeout;
    int code = -1;
    while (true)
    {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid)
        {
            code = decodeStatus(status);
            break;
        }
        if (std::chrono::steady_clock::now() > deadline)
        {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    out = readFile(outFile);
    err = readFile(errFile);
    return code;
}

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    {
        text.replace(at, from.size(), to);
    }
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void writeFile(const std::string& path, const std::string& content)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
}

std::size_t lineCount(const std::string& path)
{
    std::ifstream in(path);
    std::size_t lines = 0;
    for (std::string line; std::getline(in, line);)
        ++lines;
    return lines;
}

rlim_t raiseDescriptorLimit(rlim_t wanted)
{
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted)
    {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur;
}

unsigned short freePort()
{
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    unsigned short port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

TempDirectory::TempDirectory()
{
    char pattern[] = "/tmp/portico-test-XXXXXX";
    char* made = ::mkdtemp(pattern);
    if (made == nullptr)
    {
        throw std::runtime_error("mkdtemp failed");
    }
    _path = made;
}

TempDirectory::~TempDirectory()
{
    try
    {
        Poco::File(_path).remove(true);
    }
    catch (...)
    {
    }
}

std::string binaryPath(const std::string& name)
{
    return std::string(PORTICO_BIN_DIR) + "/" + name;
}

std::string sourcePath(const std::string& relative)
{
    return std::string(PORTICO_SOURCE_DIR) + "/" + relative;
}

} // namespace portico::test
