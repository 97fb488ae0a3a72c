#include "net/PeerCertificate.h"

#include <openssl/x509v3.h>

namespace portico::net
{

namespace
{

std::string text(const ASN1_STRING* value)
{
    const unsigned char* data = ASN1_STRING_get0_data(value);
    return std::string(reinterpret_cast<const char*>(data),
                       static_cast<std::size_t>(ASN1_STRING_length(value)));
}

} // namespace

PeerCertificate PeerCertificate::read(SSL* ssl)
{
    PeerCertificate certificate;
    X509* peer = ssl != nullptr ? SSL_get0_peer_certificate(ssl) : nullptr;
    if (peer == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return certificate;
    certificate.verified = true;
    X509_NAME* subject = X509_get_subject_name(peer);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index >= 0)
        certificate.commonName = text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(peer, NID_subject_alt_name, nullptr, nullptr));
    for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names); ++i)
    {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS || name->type == GEN_EMAIL || name->type == GEN_URI)
            certificate.alternativeNames.push_back(text(name->d.ia5));
    }
    GENERAL_NAMES_free(names);
    return certificate;
}

} // namespace portico::net
