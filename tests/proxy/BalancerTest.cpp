// Balancer decides where every attempt goes: weights must hold exactly for round-robin and
// statistically for random, and unavailable or already-tried targets must be avoided while
// there is any alternative.
#include "proxy/Balancer.h"

#include <cppunit/extensions/HelperMacros.h>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

using portico::config::Balance;
using portico::config::TargetConfig;
using portico::proxy::Balancer;
using portico::proxy::TargetState;
using portico::util::MonoMillis;

namespace
{

const MonoMillis now = 1000000;

// Opens the target's circuit breaker until the given time, as failures in a row would.
void openUntil(TargetState& target, MonoMillis until)
{
    portico::proxy::CircuitBreaker::Settings settings = target.breakerSettings;
    settings.consecutive = 1;
    settings.openFor = until - now;
    target.breaker.onFailure(settings, now);
}

// Owns the configuration and live state of an upstream's targets. TargetState holds a reference
// to its TargetConfig and is neither copyable nor movable, hence the deques.
class Targets
{
public:
    explicit Targets(std::initializer_list<unsigned> weights)
    {
        for (unsigned weight : weights)
        {
            TargetConfig config;
            config.host = "10.0.0." + std::to_string(_configs.size() + 1);
            config.port = 8080;
            config.url = "http://" + config.host + ":8080";
            config.weight = weight;
            _configs.push_back(config);
            _states.emplace_back(_configs.back(), _states.size());
            _states.back().resolved = true;
        }
    }

    TargetState& operator[](std::size_t i) { return _states[i]; }

    std::vector<TargetState*> pointers()
    {
        std::vector<TargetState*> result;
        for (TargetState& state : _states)
        {
            result.push_back(&state);
        }
        return result;
    }

    std::unique_ptr<Balancer> balancer(Balance kind, std::uint64_t seed = 42)
    {
        return Balancer::create(kind, pointers(), seed);
    }

private:
    std::deque<TargetConfig> _configs;
    std::deque<TargetState> _states;
};

// How often each target index is chosen in picks calls.
std::map<std::size_t, int> histogram(Balancer& balancer, int picks, std::uint64_t tried = 0)
{
    std::map<std::size_t, int> counts;
    for (int i = 0; i < picks; ++i)
    {
        TargetState* chosen = balancer.choose(now, tried);
        CPPUNIT_ASSERT(chosen != nullptr);
        ++counts[chosen->index];
    }
    return counts;
}

} // namespace

class BalancerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(BalancerTest);
    CPPUNIT_TEST(testEmptyUpstream);
    CPPUNIT_TEST(testRoundRobinWeights);
    CPPUNIT_TEST(testRoundRobinIsSmooth);
    CPPUNIT_TEST(testRoundRobinEqualWeightsAlternate);
    CPPUNIT_TEST(testSkipsEjectedTarget);
    CPPUNIT_TEST(testOpenBreakerLetsOneProbeThrough);
    CPPUNIT_TEST(testSkipsActivelyUnhealthyTarget);
    CPPUNIT_TEST(testAvoidsTriedTargets);
    CPPUNIT_TEST(testAllOpenChoosesNothing);
    CPPUNIT_TEST(testAllTriedPrefersClosedOverOpen);
    CPPUNIT_TEST(testUnresolvedTargetsNotChosen);
    CPPUNIT_TEST(testLeastRequestsPicksLowestLoad);
    CPPUNIT_TEST(testLeastRequestsSpreadsTies);
    CPPUNIT_TEST(testLeastRequestsSkipsUnavailable);
    CPPUNIT_TEST(testRandomRespectsWeights);
    CPPUNIT_TEST(testRandomSkipsUnavailable);
    CPPUNIT_TEST(testFailuresInARowOpenTheBreaker);
    CPPUNIT_TEST(testFailureRatioOpensTheBreaker);
    CPPUNIT_TEST(testSuccessResetsTheCount);
    CPPUNIT_TEST(testZeroMaxFailsNeverOpens);
    CPPUNIT_TEST_SUITE_END();

public:
    void testEmptyUpstream()
    {
        for (Balance kind : {Balance::RoundRobin, Balance::LeastRequests, Balance::Random})
        {
            std::unique_ptr<Balancer> balancer = Balancer::create(kind, {}, 1);
            CPPUNIT_ASSERT(balancer->choose(now, 0) == nullptr);
        }
    }

    void testRoundRobinWeights()
    {
        Targets targets{1, 2};
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::RoundRobin);
        std::map<std::size_t, int> counts = histogram(*balancer, 300);
        CPPUNIT_ASSERT_EQUAL(100, counts[0]);
        CPPUNIT_ASSERT_EQUAL(200, counts[1]);

        Targets three{5, 1, 1};
        std::unique_ptr<Balancer> weighted = three.balancer(Balance::RoundRobin);
        counts = histogram(*weighted, 700);
        CPPUNIT_ASSERT_EQUAL(500, counts[0]);
        CPPUNIT_ASSERT_EQUAL(100, counts[1]);
        CPPUNIT_ASSERT_EQUAL(100, counts[2]);
    }

    void testRoundRobinIsSmooth()
    {
        Targets targets{1, 2};
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::RoundRobin);
        int run = 0;
        for (int i = 0; i < 300; ++i)
        {
            TargetState* chosen = balancer->choose(now, 0);
            run = chosen->index == 1 ? run + 1 : 0;
            CPPUNIT_ASSERT_MESSAGE("pick " + std::to_string(i), run < 3);
        }
        // nginx's smooth weighted round-robin with weights 5,1,1 gives a a b a c a a, never five a in a row.
        Targets three{5, 1, 1};
        std::unique_ptr<Balancer> weighted = three.balancer(Balance::RoundRobin);
        std::string sequence;
        for (int i = 0; i < 7; ++i)
        {
            sequence += static_cast<char>('a' + weighted->choose(now, 0)->index);
        }
        CPPUNIT_ASSERT_EQUAL(std::string("aabacaa"), sequence);
    }

    void testRoundRobinEqualWeightsAlternate()
    {
        Targets targets{1, 1, 1};
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::RoundRobin);
        std::size_t previous = 99;
        for (int i = 0; i < 30; ++i)
        {
            TargetState* chosen = balancer->choose(now, 0);
            CPPUNIT_ASSERT(chosen->index != previous);
            previous = chosen->index;
        }
    }

    void testSkipsEjectedTarget()
    {
        for (Balance kind : {Balance::RoundRobin, Balance::LeastRequests, Balance::Random})
        {
            Targets targets{1, 1, 1};
            openUntil(targets[1], now + 1);
            std::unique_ptr<Balancer> balancer = targets.balancer(kind);
            std::map<std::size_t, int> counts = histogram(*balancer, 300);
            CPPUNIT_ASSERT_EQUAL(0, counts[1]);
            CPPUNIT_ASSERT(counts[0] > 0);
            CPPUNIT_ASSERT(counts[2] > 0);
        }
    }

    void testOpenBreakerLetsOneProbeThrough()
    {
        Targets targets{1, 1};
        openUntil(targets[0], now); // due now: half-open
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::RoundRobin);
        std::map<std::size_t, int> counts = histogram(*balancer, 10);
        CPPUNIT_ASSERT_EQUAL(1, counts[0]); // the probe, and nothing more until it reports
        CPPUNIT_ASSERT_EQUAL(9, counts[1]);
        targets[0].recordSuccess(); // the probe worked: closed again
        counts = histogram(*balancer, 10);
        CPPUNIT_ASSERT_EQUAL(5, counts[0]);
        CPPUNIT_ASSERT_EQUAL(5, counts[1]);
    }

    void testSkipsActivelyUnhealthyTarget()
    {
        for (Balance kind : {Balance::RoundRobin, Balance::LeastRequests, Balance::Random})
        {
            Targets targets{1, 1, 1};
            targets[0].activelyHealthy = false;
            std::unique_ptr<Balancer> balancer = targets.balancer(kind);
            std::map<std::size_t, int> counts = histogram(*balancer, 300);
            CPPUNIT_ASSERT_EQUAL(0, counts[0]);
            CPPUNIT_ASSERT(counts[1] > 0);
            CPPUNIT_ASSERT(counts[2] > 0);
        }
    }

    void testAvoidsTriedTargets()
    {
        for (Balance kind : {Balance::RoundRobin, Balance::LeastRequests, Balance::Random})
        {
            Targets targets{1, 5, 1};
            std::unique_ptr<Balancer> balancer = targets.balancer(kind);
            const std::uint64_t tried = 1u << 1; // the heaviest target already failed this request
            std::map<std::size_t, int> counts = histogram(*balancer, 200, tried);
            CPPUNIT_ASSERT_EQUAL(0, counts[1]);
            CPPUNIT_ASSERT(counts[0] > 0);
            CPPUNIT_ASSERT(counts[2] > 0);
            // Two tried: the only one left.
            CPPUNIT_ASSERT_EQUAL(std::size_t(2), balancer->choose(now, 0b011)->index);
        }
    }

    void testAllOpenChoosesNothing()
    {
        for (Balance kind : {Balance::RoundRobin, Balance::LeastRequests, Balance::Random})
        {
            Targets targets{1, 1};
            openUntil(targets[0], now + 5000);
            openUntil(targets[1], now + 3000);
            std::unique_ptr<Balancer> balancer = targets.balancer(kind);
            // Every breaker open: nothing, so the request is refused at once.
            CPPUNIT_ASSERT(balancer->choose(now, 0) == nullptr);
            CPPUNIT_ASSERT(balancer->choose(now + 2999, 0) == nullptr);
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), balancer->choose(now + 3000, 0)->index); // the probe

            // Every target failing its active checks, and tried: still something rather than nothing.
            Targets down{1, 1};
            down[0].activelyHealthy = false;
            down[1].activelyHealthy = false;
            CPPUNIT_ASSERT(down.balancer(kind)->choose(now, 0b11) != nullptr);
        }
    }

    void testAllTriedPrefersClosedOverOpen()
    {
        // Target 0 is closed but already tried, target 1 untried but open: a retry goes to 0.
        for (Balance kind : {Balance::RoundRobin, Balance::LeastRequests, Balance::Random})
        {
            Targets targets{1, 1};
            openUntil(targets[1], now + 5000);
            std::unique_ptr<Balancer> balancer = targets.balancer(kind);
            for (int i = 0; i < 10; ++i)
            {
                CPPUNIT_ASSERT_EQUAL(std::size_t(0), balancer->choose(now, 0b01)->index);
            }
        }
    }

    void testUnresolvedTargetsNotChosen()
    {
        for (Balance kind : {Balance::RoundRobin, Balance::LeastRequests, Balance::Random})
        {
            Targets targets{1, 1, 1};
            targets[0].resolved = false;
            openUntil(targets[2], now + 5000);
            std::unique_ptr<Balancer> balancer = targets.balancer(kind);
            // Target 1 tried and target 2 open: the unresolved target is still no candidate.
            for (int i = 0; i < 10; ++i)
            {
                CPPUNIT_ASSERT_EQUAL(std::size_t(1), balancer->choose(now, 0b010)->index);
            }
        }
    }

    void testLeastRequestsPicksLowestLoad()
    {
        Targets targets{1, 4, 1};
        targets[0].inFlight = 2; // load 2
        targets[1].inFlight = 4; // load 1: more requests, but four times the weight
        targets[2].inFlight = 3; // load 3
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::LeastRequests);
        for (int i = 0; i < 10; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(std::size_t(1), balancer->choose(now, 0)->index);
        }
        targets[0].inFlight = 0;
        for (int i = 0; i < 10; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(std::size_t(0), balancer->choose(now, 0)->index);
        }
    }

    void testLeastRequestsSpreadsTies()
    {
        Targets targets{1, 1, 1};
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::LeastRequests);
        std::map<std::size_t, int> counts = histogram(*balancer, 300);
        CPPUNIT_ASSERT_EQUAL(100, counts[0]);
        CPPUNIT_ASSERT_EQUAL(100, counts[1]);
        CPPUNIT_ASSERT_EQUAL(100, counts[2]);

        // Tied on the lowest load, the third (busier) target is left alone.
        targets[2].inFlight = 1;
        counts = histogram(*balancer, 300);
        CPPUNIT_ASSERT_EQUAL(0, counts[2]);
        CPPUNIT_ASSERT(counts[0] >= 100);
        CPPUNIT_ASSERT(counts[1] >= 100);

        // Requests that are really in flight spread over the targets as they start.
        Targets fresh{1, 1, 1};
        std::unique_ptr<Balancer> loaded = fresh.balancer(Balance::LeastRequests);
        for (int i = 0; i < 9; ++i)
        {
            ++loaded->choose(now, 0)->inFlight;
        }
        for (std::size_t i = 0; i < 3; ++i)
        {
            CPPUNIT_ASSERT_EQUAL(3u, fresh[i].inFlight.load());
        }
    }

    void testLeastRequestsSkipsUnavailable()
    {
        Targets targets{1, 1};
        targets[0].inFlight = 0;
        targets[1].inFlight = 50;
        openUntil(targets[0], now + 1000);
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::LeastRequests);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), balancer->choose(now, 0)->index);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), balancer->choose(now + 999, 0)->index);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), balancer->choose(now + 1000, 0)->index);
    }

    void testRandomRespectsWeights()
    {
        for (std::uint64_t seed : {1ull, 42ull, 0xdeadbeefull, 0ull})
        {
            Targets targets{1, 3};
            std::unique_ptr<Balancer> balancer = targets.balancer(Balance::Random, seed);
            std::map<std::size_t, int> counts = histogram(*balancer, 4000);
            CPPUNIT_ASSERT_EQUAL(4000, counts[0] + counts[1]);
            const std::string message = "seed " + std::to_string(seed) + ": light target chosen " +
                                        std::to_string(counts[0]) + " times of 4000";
            CPPUNIT_ASSERT_MESSAGE(message, counts[0] >= 800 && counts[0] <= 1200);
        }
    }

    void testRandomSkipsUnavailable()
    {
        Targets targets{1, 1, 1, 1};
        openUntil(targets[0], now + 1);
        targets[3].activelyHealthy = false;
        std::unique_ptr<Balancer> balancer = targets.balancer(Balance::Random, 7);
        std::map<std::size_t, int> counts = histogram(*balancer, 2000, 1u << 2);
        CPPUNIT_ASSERT_EQUAL(2000, counts[1]);
    }

    void testFailuresInARowOpenTheBreaker()
    {
        Targets targets{1};
        TargetState& target = targets[0];
        CPPUNIT_ASSERT(target.available(now));
        target.recordFailure(now);
        target.recordFailure(now);
        CPPUNIT_ASSERT(target.available(now));
        target.recordFailure(now + 5);
        CPPUNIT_ASSERT(!target.available(now + 5));
        CPPUNIT_ASSERT(!target.available(now + 10004));
        CPPUNIT_ASSERT(target.available(now + 10005));
        CPPUNIT_ASSERT_EQUAL(now + 10005, target.breaker.openUntil());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(3), target.failures.load());
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), target.breaker.timesOpened());

        // Half-open: one probe at a time, and its failure opens the breaker again at once.
        CPPUNIT_ASSERT(target.breaker.state(now + 10005) == portico::proxy::CircuitBreaker::State::HalfOpen);
        CPPUNIT_ASSERT(target.acquire(now + 10005));
        CPPUNIT_ASSERT(!target.acquire(now + 10005));
        target.recordFailure(now + 10006);
        CPPUNIT_ASSERT(!target.available(now + 10006));
        CPPUNIT_ASSERT_EQUAL(now + 20006, target.breaker.openUntil());
        // A probe that never reports is replaced after failTimeout.
        CPPUNIT_ASSERT(target.acquire(now + 20006));
        CPPUNIT_ASSERT(!target.acquire(now + 30005));
        CPPUNIT_ASSERT(target.acquire(now + 30006));
        // The probe's success closes it: every request flows again.
        target.recordSuccess();
        CPPUNIT_ASSERT(target.breaker.state(now + 30006) == portico::proxy::CircuitBreaker::State::Closed);
        for (int i = 0; i < 5; ++i)
            CPPUNIT_ASSERT(target.acquire(now + 30006));

        // The balancer sees an open breaker.
        Targets pair{1, 1};
        std::unique_ptr<Balancer> balancer = pair.balancer(Balance::RoundRobin);
        pair[0].breakerSettings.consecutive = 1;
        pair[0].recordFailure(now);
        std::map<std::size_t, int> counts = histogram(*balancer, 10);
        CPPUNIT_ASSERT_EQUAL(10, counts[1]);
    }

    void testSuccessResetsTheCount()
    {
        Targets targets{1};
        TargetState& target = targets[0];
        target.recordFailure(now);
        target.recordFailure(now);
        target.recordSuccess();
        target.recordFailure(now);
        target.recordFailure(now);
        CPPUNIT_ASSERT(target.available(now)); // four failures, but never three in a row
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(4), target.failures.load());
        target.recordFailure(now);
        CPPUNIT_ASSERT(!target.available(now));
    }

    void testFailureRatioOpensTheBreaker()
    {
        Targets targets{1};
        TargetState& target = targets[0];
        target.breakerSettings.consecutive = 0; // the ratio alone
        target.breakerSettings.ratio = 0.5;
        target.breakerSettings.minRequests = 10;
        for (int i = 0; i < 10; ++i)
            CPPUNIT_ASSERT(target.acquire(now));
        // Four of ten failed, never two in a row: closed.
        for (int i = 0; i < 4; ++i)
        {
            target.recordFailure(now);
            target.recordSuccess();
        }
        CPPUNIT_ASSERT(target.available(now));
        target.recordFailure(now); // five of ten
        CPPUNIT_ASSERT(!target.available(now));
        // A new window starts the counts again.
        Targets fresh{1};
        fresh[0].breakerSettings = target.breakerSettings;
        for (int i = 0; i < 10; ++i)
            CPPUNIT_ASSERT(fresh[0].acquire(now));
        for (int i = 0; i < 4; ++i)
            fresh[0].recordFailure(now);
        CPPUNIT_ASSERT(fresh[0].acquire(now + 10000)); // the window turned: 1 request, 0 failures
        fresh[0].recordFailure(now + 10000);
        CPPUNIT_ASSERT(fresh[0].available(now + 10000)); // 1 of 1, but fewer than minRequests
    }

    void testZeroMaxFailsNeverOpens()
    {
        Targets targets{1};
        targets[0].breakerSettings.consecutive = 0;
        for (int i = 0; i < 100; ++i)
        {
            targets[0].recordFailure(now);
        }
        CPPUNIT_ASSERT(targets[0].available(now));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(100), targets[0].failures.load());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(BalancerTest, "proxy");
