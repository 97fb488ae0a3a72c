// The policy chain through the exchange runner and the real HTTP/1 connection: slot order,
// pausing and resuming from every place a token can fire, local replies and the hooks that see
// them, and completion exactly once on every path.

#include "pipeline/ChainHarness.h"
#include "pipeline/Exchange.h"

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <thread>
#include <vector>

using namespace portico;
using portico::test::ChainHarness;
using portico::test::RawResponse;
using portico::test::ScriptedPolicy;
using Request = portico::test::ScriptedPolicy::Request;
using Response = portico::test::ScriptedPolicy::Response;
using pipeline::Slot;

namespace
{

// Holds requests that say "X-Mode: hold"; a request that says "X-Mode: release" fires the held
// token from inside its own hook, on the loop thread, and logs around the firing.
class ReleasingPolicy final : public pipeline::Policy
{
public:
    explicit ReleasingPolicy(portico::test::EventLog& log) : _log(log) {}

    pipeline::Verdict onRequest(pipeline::RequestContext& context) const override
    {
        std::string_view mode = context.exchange().request.find("x-mode");
        if (mode == "hold")
        {
            _held = context.pause();
            return pipeline::Verdict::Pause;
        }
        if (mode == "release")
        {
            _log.add("release.firing");
            _held.next();
            _log.add("release.fired");
        }
        return pipeline::Verdict::Next;
    }

private:
    portico::test::EventLog& _log;
    mutable pipeline::ResumeToken _held; // touched on the loop thread only
};

const std::string getRequest = "GET /r/1 HTTP/1.1\r\nHost: test\r\n\r\n";

std::shared_ptr<ScriptedPolicy> policy(ChainHarness& harness, const std::string& name, Request request,
                                       Response response = Response::Next, int replyStatus = 401)
{
    return std::make_shared<ScriptedPolicy>(name, harness.log(), request, response, replyStatus);
}

std::string joined(const std::vector<std::string>& events)
{
    std::string text;
    for (const std::string& event : events)
    {
        text += (text.empty() ? "" : " | ") + event;
    }
    return text;
}

} // namespace

class ExchangeRunnerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(ExchangeRunnerTest);
    CPPUNIT_TEST(testSlotOrderAndReverseResponseOrder);
    CPPUNIT_TEST(testLocalReplySeenOnlyByPoliciesThatRan);
    CPPUNIT_TEST(testResumeFromTheStack);
    CPPUNIT_TEST(testReplyFromTheStack);
    CPPUNIT_TEST(testResumeFromAnotherThread);
    CPPUNIT_TEST(testReplyFromAnotherThreadCarriesHeaders);
    CPPUNIT_TEST(testSecondFiringIgnored);
    CPPUNIT_TEST(testGroupFiringResumesEachOnce);
    CPPUNIT_TEST(testClientLeavingCancelsPausedWork);
    CPPUNIT_TEST(testPauseLongerThanTheLimitIs504);
    CPPUNIT_TEST(testPauseWithoutTokenIs500);
    CPPUNIT_TEST(testPausedRequestBodyIsNotRead);
    CPPUNIT_TEST(testPipelinedRequestWaitsForThePausedOne);
    CPPUNIT_TEST(testResponseHookHoldsTheAnswer);
    CPPUNIT_TEST(testResponseHookReplacesTheAnswer);
    CPPUNIT_TEST(testNoRouteRunsNoPolicy);
    CPPUNIT_TEST(testCompletionOnceWhenTheClientLeavesMidResponse);
    CPPUNIT_TEST(testEachPolicyGetsItsLoopState);
    CPPUNIT_TEST(testReplacingFromTheStackSilencesTheHandler);
    CPPUNIT_TEST(testFiringAnotherExchangesTokenDoesNotNestIt);
    CPPUNIT_TEST(testDoneWithoutReplyIs500);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSlotOrderAndReverseResponseOrder()
    {
        ChainHarness harness;
        harness.add(Slot::Guard, policy(harness, "guard", Request::Next));
        harness.add(Slot::Edge, policy(harness, "edge", Request::Next));
        harness.add(Slot::Transforms, policy(harness, "transforms", Request::Next));
        harness.add(Slot::Edge, policy(harness, "edge2", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("echo:"), response.body);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200"));
        std::vector<std::string> expected = {
            "edge.request",      "edge2.request",      "transforms.request",      "guard.request",
            "handler.start",     "guard.response 200", "transforms.response 200", "edge2.response 200",
            "edge.response 200", "edge.complete",      "edge2.complete",          "transforms.complete",
            "guard.complete",    "completed 200"};
        CPPUNIT_ASSERT_EQUAL(joined(expected), joined(harness.log().events()));
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), response.headerCount("x-seen-by"));
    }

    void testLocalReplySeenOnlyByPoliciesThatRan()
    {
        ChainHarness harness;
        harness.add(Slot::Edge, policy(harness, "edge", Request::Next));
        harness.add(Slot::Authentication, policy(harness, "auth", Request::Reply, Response::Next, 401));
        harness.add(Slot::Admission, policy(harness, "limit", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(401, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("application/problem+json"), response.header("content-type"));
        CPPUNIT_ASSERT_EQUAL(std::string("auth"), response.header("x-refused-by"));
        CPPUNIT_ASSERT(response.body.find("auth refused") != std::string::npos);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 401"));
        std::vector<std::string> expected = {"edge.request",      "auth.request",  "auth.response 401",
                                             "edge.response 401", "edge.complete", "auth.complete",
                                             "completed 401"};
        CPPUNIT_ASSERT_EQUAL(joined(expected), joined(harness.log().events()));
        // The connection is still good for the next request.
        harness.send(client, getRequest);
        CPPUNIT_ASSERT_EQUAL(401, harness.read(client).status);
    }

    void testResumeFromTheStack()
    {
        ChainHarness harness;
        harness.add(Slot::Authentication, policy(harness, "jwks", Request::ResumeAtOnce));
        harness.add(Slot::Admission, policy(harness, "limit", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        CPPUNIT_ASSERT_EQUAL(200, harness.read(client).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("limit.request"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("handler.start"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), harness.log().count("jwks.cancel"));
    }

    void testReplyFromTheStack()
    {
        ChainHarness harness;
        harness.add(Slot::Admission, policy(harness, "redis", Request::ReplyAtOnce, Response::Next, 429));
        harness.add(Slot::Cache, policy(harness, "cache", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(429, response.status);
        CPPUNIT_ASSERT(response.body.find("redis refused at once") != std::string::npos);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 429"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), harness.log().count("cache.request"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), harness.log().count("handler.start"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("redis.complete"));
    }

    void testResumeFromAnotherThread()
    {
        ChainHarness harness;
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Admission, holder);
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        pipeline::ResumeToken token = holder->tokens().take();
        CPPUNIT_ASSERT(token.valid());
        CPPUNIT_ASSERT(!token.cancelled());
        CPPUNIT_ASSERT(harness.silent(client));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), harness.log().count("handler.start"));
        std::thread([token]() mutable { token.next(); }).join();
        CPPUNIT_ASSERT_EQUAL(200, harness.read(client).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("holder.complete"));
    }

    void testReplyFromAnotherThreadCarriesHeaders()
    {
        ChainHarness harness;
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Edge, policy(harness, "cors", Request::Next));
        harness.add(Slot::Admission, holder);
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        pipeline::ResumeToken token = holder->tokens().take();
        std::thread(
            [token]() mutable
            {
                pipeline::LocalReply answer;
                answer.status = 429;
                answer.detail = "too many";
                answer.header("Retry-After", "7");
                token.reply(std::move(answer));
            })
            .join();
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(429, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("7"), response.header("retry-after"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), response.headerCount("x-seen-by")); // holder and cors
        CPPUNIT_ASSERT(harness.log().waitFor("completed 429"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), harness.log().count("handler.start"));
    }

    void testSecondFiringIgnored()
    {
        ChainHarness harness;
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Admission, holder);
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        pipeline::ResumeToken token = holder->tokens().take();
        pipeline::ResumeToken copy = token;
        std::thread(
            [token, copy]() mutable
            {
                token.next();
                copy.next();
                copy.reply(500, "too late");
            })
            .join();
        CPPUNIT_ASSERT_EQUAL(200, harness.read(client).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200"));
        // The next exchange on the connection pauses afresh and is not resumed by old firings.
        harness.send(client, getRequest);
        pipeline::ResumeToken second = holder->tokens().take();
        CPPUNIT_ASSERT(second.valid());
        token.next();
        CPPUNIT_ASSERT(harness.silent(client));
        second.next();
        CPPUNIT_ASSERT_EQUAL(200, harness.read(client).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200", 2));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), harness.log().count("handler.start"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), harness.log().count("holder.complete"));
    }

    // A group commit's release: the tokens of several paused exchanges fired together from
    // another thread, each exchange resumed once, one already fired or whose client left skipped.
    void testGroupFiringResumesEachOnce()
    {
        ChainHarness harness;
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Admission, holder);
        harness.start();
        std::vector<int> clients;
        std::vector<pipeline::ResumeToken> tokens;
        for (int i = 0; i < 4; ++i)
        {
            clients.push_back(harness.connect());
            harness.send(clients.back(), getRequest);
            tokens.push_back(holder->tokens().take());
        }
        tokens.push_back(tokens[0]); // the same exchange twice
        harness.disconnect(clients[3]);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 499"));
        std::thread([&tokens] { pipeline::ResumeToken::fireAll(tokens); }).join();
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(200, harness.read(clients[i]).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200", 3));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), harness.log().count("handler.start"));

        // Fired as a reply: each paused exchange answers it, no handler runs.
        for (int i = 0; i < 3; ++i)
            harness.send(clients[i], getRequest);
        std::vector<pipeline::ResumeToken> refused;
        for (int i = 0; i < 3; ++i)
            refused.push_back(holder->tokens().take());
        pipeline::LocalReply answer;
        answer.status = 503;
        answer.detail = "not committed";
        std::thread([&refused, &answer] { pipeline::ResumeToken::fireAll(refused, true, answer); }).join();
        for (int i = 0; i < 3; ++i)
            CPPUNIT_ASSERT_EQUAL(503, harness.read(clients[i]).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), harness.log().count("handler.start"));
        // Firing them again reaches nothing.
        pipeline::ResumeToken::fireAll(tokens);
        CPPUNIT_ASSERT(harness.silent(clients[0]));
    }

    void testClientLeavingCancelsPausedWork()
    {
        ChainHarness harness;
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Authentication, policy(harness, "auth", Request::Next));
        harness.add(Slot::Admission, holder);
        harness.add(Slot::Cache, policy(harness, "cache", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        pipeline::ResumeToken token = holder->tokens().take();
        harness.disconnect(client);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 499"));
        CPPUNIT_ASSERT(token.cancelled());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("holder.cancel"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("holder.complete"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("auth.complete"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), harness.log().count("cache.complete"));
        // Firing after the client left reaches nothing.
        token.next();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), harness.log().count("handler.start"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("completed 499"));
    }

    void testPauseLongerThanTheLimitIs504()
    {
        ChainHarness harness(std::chrono::milliseconds(300));
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Admission, holder);
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        pipeline::ResumeToken token = holder->tokens().take();
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(504, response.status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 504"));
        CPPUNIT_ASSERT(token.cancelled());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("holder.cancel"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("holder.response 504"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("holder.complete"));
    }

    void testPauseWithoutTokenIs500()
    {
        ChainHarness harness;
        harness.add(Slot::Admission, policy(harness, "broken", Request::PauseNoToken));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        CPPUNIT_ASSERT_EQUAL(500, harness.read(client).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 500"));
    }

    void testPausedRequestBodyIsNotRead()
    {
        ChainHarness harness;
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Admission, holder);
        harness.start();
        int client = harness.connect();
        harness.send(client, "POST /r/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 11\r\n\r\nhello");
        pipeline::ResumeToken token = holder->tokens().take();
        harness.send(client, " world");
        CPPUNIT_ASSERT(harness.silent(client));
        token.next();
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("echo:hello world"), response.body);
    }

    void testPipelinedRequestWaitsForThePausedOne()
    {
        ChainHarness harness;
        auto holder = policy(harness, "holder", Request::Hold);
        harness.add(Slot::Admission, holder);
        harness.start();
        int client = harness.connect();
        harness.send(client, "POST /r/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\none" + getRequest);
        pipeline::ResumeToken first = holder->tokens().take();
        CPPUNIT_ASSERT(harness.silent(client));
        first.next();
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("echo:one"), response.body);
        pipeline::ResumeToken second = holder->tokens().take();
        CPPUNIT_ASSERT(second.valid());
        second.next();
        response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("echo:"), response.body);
    }

    void testResponseHookHoldsTheAnswer()
    {
        ChainHarness harness;
        auto audit = policy(harness, "audit", Request::Next, Response::Hold);
        harness.add(Slot::Edge, audit);
        harness.add(Slot::Transforms, policy(harness, "inner", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, "POST /r/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\n\r\nbody");
        pipeline::ResumeToken token = audit->tokens().take();
        CPPUNIT_ASSERT(harness.silent(client));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("inner.response 200"));
        std::thread([token]() mutable { token.next(); }).join();
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(200, response.status);
        CPPUNIT_ASSERT_EQUAL(std::string("echo:body"), response.body);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200"));
    }

    void testResponseHookReplacesTheAnswer()
    {
        ChainHarness harness;
        auto outer = policy(harness, "outer", Request::Next);
        auto audit = policy(harness, "audit", Request::Next, Response::Hold);
        harness.add(Slot::Edge, outer);
        harness.add(Slot::Authentication, audit);
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        pipeline::ResumeToken token = audit->tokens().take();
        token.reply(503, "the audit row could not be committed");
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(503, response.status);
        CPPUNIT_ASSERT(response.body.find("could not be committed") != std::string::npos);
        // Only the policy outside the replacing one sees the new head.
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), response.headerCount("x-seen-by"));
        CPPUNIT_ASSERT_EQUAL(std::string("outer"), response.header("x-seen-by"));
        CPPUNIT_ASSERT(harness.log().waitFor("completed 503"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("outer.response 503"));
    }

    void testNoRouteRunsNoPolicy()
    {
        ChainHarness harness;
        harness.add(Slot::Edge, policy(harness, "edge", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, "GET /elsewhere HTTP/1.1\r\nHost: test\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(404, harness.read(client).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 404"));
        CPPUNIT_ASSERT_EQUAL(std::string("completed 404"), joined(harness.log().events()));
    }

    void testCompletionOnceWhenTheClientLeavesMidResponse()
    {
        ChainHarness harness;
        auto audit = policy(harness, "audit", Request::Next, Response::Hold);
        harness.add(Slot::Edge, audit);
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        pipeline::ResumeToken token = audit->tokens().take();
        harness.disconnect(client);
        // The response side is held, not the request: the loop notices the close when it
        // next looks at the socket, at the latest when the token fires.
        token.next();
        CPPUNIT_ASSERT(harness.log().waitFor("audit.complete"));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("audit.complete"));
        std::size_t completions = 0;
        for (const std::string& event : harness.log().events())
        {
            completions += event.rfind("completed ", 0) == 0 ? 1 : 0;
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), completions);
    }

    void testEachPolicyGetsItsLoopState()
    {
        ChainHarness harness;
        harness.add(Slot::Edge, policy(harness, "edge", Request::Next));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        CPPUNIT_ASSERT_EQUAL(200, harness.read(client).status);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), harness.log().count("edge.request"));
    }

    void testReplacingFromTheStackSilencesTheHandler()
    {
        // The handler keeps sending its body after sendHead(); the runner, having replaced the
        // answer, must drop it, or its bytes would follow the 403 on a kept-alive connection.
        ChainHarness harness;
        harness.add(Slot::Authorization, policy(harness, "guard", Request::Next, Response::ReplyAtOnce, 403));
        harness.start();
        int client = harness.connect();
        harness.send(client, "POST /r/1 HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nHTTP/");
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(403, response.status);
        CPPUNIT_ASSERT(response.body.find("guard replaced the answer") != std::string::npos);
        CPPUNIT_ASSERT(harness.silent(client));
        harness.send(client, getRequest);
        CPPUNIT_ASSERT_EQUAL(403, harness.read(client).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 403", 2));
    }

    void testFiringAnotherExchangesTokenDoesNotNestIt()
    {
        ChainHarness harness;
        harness.add(Slot::Admission, std::make_shared<ReleasingPolicy>(harness.log()));
        harness.start();
        int held = harness.connect();
        harness.send(held, "GET /r/1 HTTP/1.1\r\nHost: test\r\nX-Mode: hold\r\n\r\n");
        CPPUNIT_ASSERT(harness.silent(held));
        int releasing = harness.connect();
        harness.send(releasing, "GET /r/2 HTTP/1.1\r\nHost: test\r\nX-Mode: release\r\n\r\n");
        CPPUNIT_ASSERT_EQUAL(200, harness.read(releasing).status);
        CPPUNIT_ASSERT_EQUAL(200, harness.read(held).status);
        CPPUNIT_ASSERT(harness.log().waitFor("completed 200", 2));
        // The held exchange went on after the releasing hook returned, not inside it.
        std::vector<std::string> events = harness.log().events();
        auto firing = std::find(events.begin(), events.end(), "release.firing");
        CPPUNIT_ASSERT(firing != events.end() && firing + 1 != events.end());
        CPPUNIT_ASSERT_EQUAL(std::string("release.fired"), *(firing + 1));
    }

    void testDoneWithoutReplyIs500()
    {
        ChainHarness harness;
        harness.add(Slot::Edge, policy(harness, "broken", Request::DoneNoReply));
        harness.start();
        int client = harness.connect();
        harness.send(client, getRequest);
        RawResponse response = harness.read(client);
        CPPUNIT_ASSERT_EQUAL(500, response.status);
        CPPUNIT_ASSERT(response.body.find("without an answer") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ExchangeRunnerTest, "pipeline");
