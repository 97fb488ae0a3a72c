#include "authentication/PasswordVerifier.h"

#include <openssl/crypto.h>

namespace portico::authentication
{

namespace
{

// What an unknown user's password is checked against: same cost, never a match.
const crypto::PasswordHash& decoy()
{
    static const crypto::PasswordHash hash =
        crypto::PasswordHash::create("", crypto::PasswordHash::defaultIterations);
    return hash;
}

} // namespace

PasswordVerifier& PasswordVerifier::shared()
{
    static PasswordVerifier verifier;
    return verifier;
}

PasswordVerifier::~PasswordVerifier()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable()) _thread.join();
}

bool PasswordVerifier::submit(std::optional<crypto::PasswordHash> hash, std::string password,
                              std::function<void(bool)> done)
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        if (_stopping || _queue.size() >= maxQueued) return false;
        _queue.push_back(Check{std::move(hash), std::move(password), std::move(done)});
        if (!_thread.joinable()) _thread = std::thread([this] { run(); });
    }
    _wake.notify_one();
    return true;
}

void PasswordVerifier::run()
{
    std::unique_lock<std::mutex> lock(_mutex);
    while (true)
    {
        _wake.wait(lock, [this] { return _stopping || !_queue.empty(); });
        if (_stopping) return;
        Check check = std::move(_queue.front());
        _queue.pop_front();
        lock.unlock();
        bool matches = false;
        if (check.hash)
            matches = check.hash->verify(check.password);
        else
            decoy().verify(check.password);
        OPENSSL_cleanse(check.password.data(), check.password.size());
        check.done(matches);
        lock.lock();
    }
}

} // namespace portico::authentication
