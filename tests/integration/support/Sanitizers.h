#pragma once

// Whether the tests (and so the porticod beside them, built with the same flags) run under a
// sanitizer: g++ says so with __SANITIZE_ADDRESS__ and __SANITIZE_THREAD__, clang with
// __has_feature. Under them resident memory says nothing about the gateway's own use (freed blocks
// kept in quarantine, shadow memory), so memory bounds are reported rather than asserted.

namespace portico::test
{

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define PORTICO_TEST_SANITIZED_MEMORY 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PORTICO_TEST_SANITIZED_MEMORY 1
#endif

#if defined(PORTICO_TEST_SANITIZED_MEMORY)
inline constexpr bool memoryIsSanitized = true;
#else
inline constexpr bool memoryIsSanitized = false;
#endif

} // namespace portico::test
