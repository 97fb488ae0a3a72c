#include "authentication/JwtKeySource.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <sstream>

namespace portico::authentication
{

namespace
{

constexpr std::chrono::seconds retryAfterFailure{30};
constexpr std::chrono::seconds earliestRefetch{30};
constexpr std::size_t maxDocumentBytes = 1024 * 1024;

} // namespace

JwtKeySource::JwtKeySource(KeySet keys) : _keys(std::make_shared<const KeySet>(std::move(keys))), _version(1)
{
}

JwtKeySource::JwtKeySource(std::string url, std::string caFile, std::chrono::milliseconds refresh)
    : _url(std::move(url)), _caFile(std::move(caFile)), _refresh(refresh)
{
}

JwtKeySource::~JwtKeySource()
{
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _stopping = true;
    }
    _wake.notify_all();
    if (_thread.joinable()) _thread.join();
}

void JwtKeySource::start()
{
    if (!remote()) return;
    std::call_once(_started, [this] { _thread = std::thread([this] { run(); }); });
}

std::shared_ptr<const KeySet> JwtKeySource::current() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _keys;
}

void JwtKeySource::requestRefresh()
{
    if (!remote()) return;
    {
        std::lock_guard<std::mutex> lock(_mutex);
        _refreshRequested = true;
    }
    _wake.notify_all();
}

std::string JwtKeySource::lastError() const
{
    std::lock_guard<std::mutex> lock(_mutex);
    return _lastError;
}

void JwtKeySource::run()
{
    // A token with an unknown key id asks for a fetch, but no sooner than this after the last.
    const auto refetchGap = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::min<std::chrono::milliseconds>(earliestRefetch, _refresh));
    auto lastFetch = std::chrono::steady_clock::now() - refetchGap;
    std::unique_lock<std::mutex> lock(_mutex);
    while (!_stopping)
    {
        lock.unlock();
        std::string error;
        const bool fetched = fetch(error);
        lastFetch = std::chrono::steady_clock::now();
        lock.lock();
        _lastError = fetched ? std::string() : error;
        _refreshRequested = false;
        const auto next =
            lastFetch +
            (fetched ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(_refresh)
                     : std::chrono::duration_cast<std::chrono::steady_clock::duration>(retryAfterFailure));
        // Sleep until the next refresh, or until a token asks for one (no sooner than 30 s after
        // the last fetch, so a stream of forged key ids cannot hammer the identity provider).
        while (!_stopping)
        {
            if (_refreshRequested && std::chrono::steady_clock::now() >= lastFetch + refetchGap) break;
            if (std::chrono::steady_clock::now() >= next) break;
            const auto until = _refreshRequested ? std::min(next, lastFetch + refetchGap) : next;
            _wake.wait_until(lock, until);
        }
    }
}

bool JwtKeySource::fetch(std::string& error)
{
    try
    {
        const Poco::URI uri(_url);
        Poco::Net::Context::Params params;
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = _caFile.empty();
        params.caLocation = _caFile;
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                                  Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), context);
        session.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "application/json");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& body = session.receiveResponse(response);
        if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
        {
            error = "the JWKS URL answered " + std::to_string(static_cast<int>(response.getStatus()));
            return false;
        }
        std::string document;
        char chunk[8192];
        while (body.read(chunk, sizeof chunk) || body.gcount() > 0)
        {
            document.append(chunk, static_cast<std::size_t>(body.gcount()));
            if (document.size() > maxDocumentBytes)
            {
                error = "the JWKS document is larger than 1 MiB";
                return false;
            }
        }
        KeySet keys;
        if (!jwksKeys(document, keys, error)) return false;
        std::lock_guard<std::mutex> lock(_mutex);
        _keys = std::make_shared<const KeySet>(std::move(keys));
        _version.fetch_add(1, std::memory_order_acq_rel);
        return true;
    }
    catch (const Poco::Exception& exception)
    {
        error = "the JWKS could not be fetched: " + exception.displayText();
        return false;
    }
    catch (const std::exception& exception)
    {
        error = std::string("the JWKS could not be fetched: ") + exception.what();
        return false;
    }
}

} // namespace portico::authentication
