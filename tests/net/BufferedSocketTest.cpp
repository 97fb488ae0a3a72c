// The byte-moving half shared by upstream and stream-pool connections, over a real socket pair:
// what does not fit is queued and written later, counts and drained-socket hints are right, and
// a failure says why.

#include "net/BufferedSocket.h"

#include <cppunit/extensions/HelperMacros.h>

#include <fcntl.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

using portico::net::BufferedSocket;
using portico::net::IoResult;
using portico::net::PlainTransport;

namespace
{

struct SocketPair
{
    SocketPair()
    {
        CPPUNIT_ASSERT_EQUAL(0, ::socketpair(AF_UNIX, SOCK_STREAM, 0, fds));
        for (int fd : fds)
        {
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        }
    }
    ~SocketPair()
    {
        for (int fd : fds)
        {
            if (fd >= 0)
            {
                ::close(fd);
            }
        }
    }

    // Everything the peer can read now.
    std::string drainPeer()
    {
        std::string text;
        char chunk[65536];
        ssize_t n;
        while ((n = ::recv(fds[1], chunk, sizeof chunk, 0)) > 0)
        {
            text.append(chunk, static_cast<std::size_t>(n));
        }
        return text;
    }

    int fds[2] = {-1, -1};
};

} // namespace

class BufferedSocketTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BufferedSocketTest);
    CPPUNIT_TEST(testWritesAtOnceWhenConnected);
    CPPUNIT_TEST(testQueuesUntilConnected);
    CPPUNIT_TEST(testQueuesWhatDoesNotFitAndFlushesLater);
    CPPUNIT_TEST(testShortReadMeansDrained);
    CPPUNIT_TEST(testSmallReadsUntilThePeerSendsMore);
    CPPUNIT_TEST(testFailureSaysWhy);
    CPPUNIT_TEST_SUITE_END();

public:
    void testWritesAtOnceWhenConnected()
    {
        SocketPair pair;
        PlainTransport transport(pair.fds[0]);
        BufferedSocket socket;
        socket.attach(&transport);
        CPPUNIT_ASSERT(socket.send("hello", 5, true));
        CPPUNIT_ASSERT(!socket.hasPendingOutput());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), socket.sentBytes());
        CPPUNIT_ASSERT_EQUAL(std::string("hello"), pair.drainPeer());
        socket.countSentFromHere();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), socket.sentBytes());
    }

    void testQueuesUntilConnected()
    {
        SocketPair pair;
        PlainTransport transport(pair.fds[0]);
        BufferedSocket socket;
        socket.attach(&transport);
        CPPUNIT_ASSERT(socket.send("GET ", 4, false));
        CPPUNIT_ASSERT(socket.send("/", 1, false));
        CPPUNIT_ASSERT(socket.hasPendingOutput());
        CPPUNIT_ASSERT_EQUAL(std::string(), pair.drainPeer());
        CPPUNIT_ASSERT(socket.flush());
        CPPUNIT_ASSERT(!socket.hasPendingOutput());
        CPPUNIT_ASSERT_EQUAL(std::string("GET /"), pair.drainPeer());
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), socket.sentBytes());
    }

    void testQueuesWhatDoesNotFitAndFlushesLater()
    {
        SocketPair pair;
        PlainTransport transport(pair.fds[0]);
        BufferedSocket socket;
        socket.attach(&transport);
        const std::string big(4 * 1024 * 1024, 'x'); // far more than a socket buffer holds
        CPPUNIT_ASSERT(socket.send(big.data(), big.size(), true));
        CPPUNIT_ASSERT(socket.hasPendingOutput());
        CPPUNIT_ASSERT(socket.sentBytes() < big.size());
        // Later writes queue behind, in order.
        CPPUNIT_ASSERT(socket.send("END", 3, true));
        std::string received;
        for (int round = 0; round < 10000 && received.size() < big.size() + 3; ++round)
        {
            received += pair.drainPeer();
            CPPUNIT_ASSERT(socket.flush());
        }
        received += pair.drainPeer();
        CPPUNIT_ASSERT_EQUAL(big.size() + 3, received.size());
        CPPUNIT_ASSERT_EQUAL(std::string("END"), received.substr(big.size()));
        CPPUNIT_ASSERT(!socket.hasPendingOutput());
        CPPUNIT_ASSERT_EQUAL(big.size() + 3, socket.sentBytes());
    }

    void testShortReadMeansDrained()
    {
        SocketPair pair;
        PlainTransport transport(pair.fds[0]);
        BufferedSocket socket;
        socket.attach(&transport);
        CPPUNIT_ASSERT(socket.receive() == IoResult::WouldBlock);
        CPPUNIT_ASSERT_EQUAL(ssize_t(3), ::send(pair.fds[1], "abc", 3, 0));
        CPPUNIT_ASSERT(socket.receive() == IoResult::Done);
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), std::string(socket.input().view()));
        CPPUNIT_ASSERT(!socket.mayHaveMore());
        // Once the peer's FIN was seen, a short read no longer proves the socket is drained.
        CPPUNIT_ASSERT_EQUAL(ssize_t(1), ::send(pair.fds[1], "d", 1, 0));
        socket.notePeerClosed();
        CPPUNIT_ASSERT(socket.receive() == IoResult::Done);
        CPPUNIT_ASSERT(socket.mayHaveMore());
        ::close(pair.fds[1]);
        pair.fds[1] = -1;
        CPPUNIT_ASSERT(socket.receive() == IoResult::Closed);
    }

    // A connection whose messages are small keeps a small buffer; the first read that fills its
    // window switches it to large reads, so a large body is not read in small pieces.
    void testSmallReadsUntilThePeerSendsMore()
    {
        SocketPair pair;
        PlainTransport transport(pair.fds[0]);
        BufferedSocket socket;
        socket.attach(&transport);
        CPPUNIT_ASSERT_EQUAL(ssize_t(300), ::send(pair.fds[1], std::string(300, 'a').data(), 300, 0));
        CPPUNIT_ASSERT(socket.receive() == IoResult::Done);
        CPPUNIT_ASSERT(socket.input().capacity() <= portico::net::ReadWindow::small);
        socket.input().consume(300);

        const std::string big(40000, 'b');
        CPPUNIT_ASSERT_EQUAL(ssize_t(big.size()), ::send(pair.fds[1], big.data(), big.size(), 0));
        CPPUNIT_ASSERT(socket.receive() == IoResult::Done);
        const std::size_t first = socket.input().size();
        CPPUNIT_ASSERT(first <= portico::net::ReadWindow::small);
        CPPUNIT_ASSERT(socket.mayHaveMore());
        CPPUNIT_ASSERT(socket.receive() == IoResult::Done);
        CPPUNIT_ASSERT(socket.input().size() - first >= portico::net::ReadWindow::large);
        std::string received(socket.input().view());
        for (int round = 0; round < 100 && received.size() < big.size(); ++round)
        {
            socket.input().clear();
            if (socket.receive() != IoResult::Done)
            {
                break;
            }
            received.append(socket.input().view());
        }
        CPPUNIT_ASSERT(received == big);

        // A new socket starts small again.
        socket.attach(&transport);
        CPPUNIT_ASSERT_EQUAL(ssize_t(3), ::send(pair.fds[1], "xyz", 3, 0));
        socket.input().release();
        CPPUNIT_ASSERT(socket.receive() == IoResult::Done);
        CPPUNIT_ASSERT(socket.input().capacity() <= portico::net::ReadWindow::small);
    }

    void testFailureSaysWhy()
    {
        SocketPair pair;
        PlainTransport transport(pair.fds[0]);
        BufferedSocket socket;
        socket.attach(&transport);
        ::close(pair.fds[1]);
        pair.fds[1] = -1;
        CPPUNIT_ASSERT(!socket.send("x", 1, true));
        CPPUNIT_ASSERT_EQUAL(std::string("Broken pipe"), socket.error());
        BufferedSocket detached;
        CPPUNIT_ASSERT(!detached.send("x", 1, true));
        CPPUNIT_ASSERT_EQUAL(std::string("the connection is closed"), detached.error());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(BufferedSocketTest, "net");
