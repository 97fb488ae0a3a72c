// Finding and removing credentials (RFC 7617 Basic, API keys in the query), the verified-credential
// cache of a loop, and the throttle on failed sign-ins.
#include "authentication/Credentials.h"
#include "authentication/AuthLoopState.h"
#include "authentication/SignInThrottle.h"
#include "consumers/StoredConsumers.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using namespace portico;
using namespace portico::authentication;

class CredentialsTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(CredentialsTest);
    CPPUNIT_TEST(testBasicRfc7617);
    CPPUNIT_TEST(testBasicMalformedOrOtherScheme);
    CPPUNIT_TEST(testQueryParameters);
    CPPUNIT_TEST(testRemoveHeader);
    CPPUNIT_TEST(testVerifiedCacheExpires);
    CPPUNIT_TEST(testKnownKeysForgottenWhenTheStoreChanges);
    CPPUNIT_TEST(testThrottleAfterTenFailures);
    CPPUNIT_TEST_SUITE_END();

public:
    void testBasicRfc7617()
    {
        std::string user, password;
        bool malformed = true;
        // RFC 7617 section 2's example, with the scheme in any case.
        for (const char* header :
             {"Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="})
        {
            CPPUNIT_ASSERT(parseBasicCredentials(header, user, password, malformed));
            CPPUNIT_ASSERT(!malformed);
            CPPUNIT_ASSERT_EQUAL(std::string("Aladdin"), user);
            CPPUNIT_ASSERT_EQUAL(std::string("open sesame"), password);
        }
        // A password may hold ':'; the user may not.
        CPPUNIT_ASSERT(parseBasicCredentials("Basic dTpwOnc=", user, password, malformed)); // "u:p:w"
        CPPUNIT_ASSERT_EQUAL(std::string("u"), user);
        CPPUNIT_ASSERT_EQUAL(std::string("p:w"), password);
    }

    void testBasicMalformedOrOtherScheme()
    {
        std::string user, password;
        bool malformed = false;
        CPPUNIT_ASSERT(!parseBasicCredentials("Bearer abc.def.ghi", user, password, malformed));
        CPPUNIT_ASSERT(!parseBasicCredentials("Basicx", user, password, malformed));
        for (const char* header :
             {"Basic !!!", "Basic bm9jb2xvbg==", "Basic OnBhc3N3b3Jk", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ"})
        {
            CPPUNIT_ASSERT_MESSAGE(header, parseBasicCredentials(header, user, password, malformed));
            CPPUNIT_ASSERT_MESSAGE(header, malformed);
        }
    }

    void testQueryParameters()
    {
        CPPUNIT_ASSERT_EQUAL(std::string("k1"), std::string(*findQueryParameter("a=1&key=k1&key=k2", "key")));
        CPPUNIT_ASSERT(!findQueryParameter("a=1&keys=x", "key"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), std::string(*findQueryParameter("key&a=1", "key")));
        CPPUNIT_ASSERT_EQUAL(std::string("a=1&b=2"), withoutQueryParameter("a=1&key=k1&b=2&key=k2", "key"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), withoutQueryParameter("key=x", "key"));
        // Names compare decoded: "%6Bey" is "key", so it goes too (an adapter would decode it).
        CPPUNIT_ASSERT_EQUAL(std::string("keys=1"), withoutQueryParameter("keys=1&%6Bey=2", "key"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"), std::string(*findQueryParameter("a=1&%6Bey=2", "key")));
        std::string decoded;
        CPPUNIT_ASSERT(percentDecodeQueryValue("a%2Bb+c%3d", decoded));
        CPPUNIT_ASSERT_EQUAL(std::string("a+b+c="), decoded);
        CPPUNIT_ASSERT(!percentDecodeQueryValue("a%2", decoded));
        CPPUNIT_ASSERT(!percentDecodeQueryValue("a%zz", decoded));
    }

    void testRemoveHeader()
    {
        http::HttpHead head;
        head.headers = {{"X-API-Key", "1"}, {"Accept", "*/*"}, {"x-api-key", "2"}};
        removeHeader(head, "X-Api-Key");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), head.headers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("Accept"), std::string(head.headers[0].name));
    }

    void testVerifiedCacheExpires()
    {
        AuthLoopState state;
        consumers::Consumer alice;
        alice.name = "alice";
        const crypto::Sha256Digest key = AuthLoopState::credentialKey("alice", "pw");
        CPPUNIT_ASSERT(key != AuthLoopState::credentialKey("alice", "pw2"));
        CPPUNIT_ASSERT(key != AuthLoopState::credentialKey("alicep", "w")); // the separator counts
        CPPUNIT_ASSERT(state.verified(key, 1000) == nullptr);
        state.remember(key, AuthLoopState::Known{&alice, nullptr}, 1000);
        CPPUNIT_ASSERT(state.verified(key, 1000 + AuthLoopState::verifiedFor - 1)->consumer == &alice);
        CPPUNIT_ASSERT(state.verified(key, 1000 + AuthLoopState::verifiedFor) == nullptr);
    }

    void testKnownKeysForgottenWhenTheStoreChanges()
    {
        AuthLoopState state;
        consumers::Consumer alice;
        alice.name = "alice";
        CPPUNIT_ASSERT(state.knownKey("key-1") == nullptr);
        state.rememberKey("key-1", AuthLoopState::Known{&alice, nullptr});
        CPPUNIT_ASSERT(state.knownKey("key-1")->consumer == &alice);
        CPPUNIT_ASSERT(state.knownKey("key-2") == nullptr);
        CPPUNIT_ASSERT(state.knownKey("key-") == nullptr); // a prefix is not the key
        const crypto::Sha256Digest credential = AuthLoopState::credentialKey("alice", "pw");
        state.remember(credential, AuthLoopState::Known{&alice, nullptr}, 1000);

        // A change of the store (a key revoked, say) empties both tables before their next use.
        consumers::StoredConsumers::shared().publish(
            std::make_shared<const consumers::ConsumerIndex>(std::vector<config::ConsumerConfig>{}));
        CPPUNIT_ASSERT(state.knownKey("key-1") == nullptr);
        CPPUNIT_ASSERT(state.verified(credential, 1001) == nullptr);

        // A consumer of an index that is no longer the store's is not remembered.
        auto old = std::make_shared<const consumers::ConsumerIndex>(std::vector<config::ConsumerConfig>{});
        state.rememberKey("key-3", AuthLoopState::Known{&alice, old});
        CPPUNIT_ASSERT(state.knownKey("key-3") == nullptr);
        state.rememberKey("key-3", AuthLoopState::Known{&alice, state.storedConsumers()});
        CPPUNIT_ASSERT(state.knownKey("key-3") != nullptr);

        // Bounded: past the limit the table starts again rather than grow.
        for (std::size_t i = 0; i < AuthLoopState::maxKnownKeys + 1; ++i)
            state.rememberKey("flood-" + std::to_string(i), AuthLoopState::Known{&alice, nullptr});
        CPPUNIT_ASSERT(state.knownKey("key-3") == nullptr);
        // Keys longer than the limit are hashed every time rather than kept.
        const std::string huge(AuthLoopState::maxCachedKeyBytes + 1, 'k');
        state.rememberKey(huge, AuthLoopState::Known{&alice, nullptr});
        CPPUNIT_ASSERT(state.knownKey(huge) == nullptr);
    }

    void testThrottleAfterTenFailures()
    {
        SignInThrottle throttle;
        util::MonoMillis retryAfter = 0;
        for (unsigned i = 0; i < SignInThrottle::maxFailures; ++i)
        {
            CPPUNIT_ASSERT(!throttle.throttled("10.0.0.1", 5000 + i, retryAfter));
            throttle.recordFailure("10.0.0.1", 5000 + i);
        }
        CPPUNIT_ASSERT(throttle.throttled("10.0.0.1", 5010, retryAfter));
        CPPUNIT_ASSERT_EQUAL(util::MonoMillis(SignInThrottle::failureWindow - 10), retryAfter);
        CPPUNIT_ASSERT(!throttle.throttled("10.0.0.2", 5010, retryAfter)); // per address
        CPPUNIT_ASSERT(!throttle.throttled("10.0.0.1", 5000 + SignInThrottle::failureWindow, retryAfter));
        // A flood of addresses stays bounded.
        for (std::size_t i = 0; i < SignInThrottle::maxTrackedAddresses + 10; ++i)
            throttle.recordFailure("192.0.2." + std::to_string(i), 6000);
        CPPUNIT_ASSERT(!throttle.throttled("10.0.0.1", 6001, retryAfter));

        // IPv6 counts by /64: walking through a subnet does not escape the count.
        for (unsigned i = 0; i < SignInThrottle::maxFailures; ++i)
            throttle.recordFailure("2001:db8:1:2::" + std::to_string(i + 1), 7000);
        CPPUNIT_ASSERT(throttle.throttled("2001:db8:1:2:ffff::9", 7001, retryAfter));
        CPPUNIT_ASSERT(!throttle.throttled("2001:db8:1:3::1", 7001, retryAfter));

        // At most two checks waiting per address.
        CPPUNIT_ASSERT(throttle.startCheck("192.0.2.200"));
        CPPUNIT_ASSERT(throttle.startCheck("192.0.2.200"));
        CPPUNIT_ASSERT(!throttle.startCheck("192.0.2.200"));
        CPPUNIT_ASSERT(throttle.startCheck("192.0.2.201"));
        throttle.endCheck("192.0.2.200");
        CPPUNIT_ASSERT(throttle.startCheck("192.0.2.200"));
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CredentialsTest, "authentication");
