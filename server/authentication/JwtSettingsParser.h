#pragma once

// <jwt secret|publicKey|jwks algorithms issuer audience consumerClaim leeway refresh caFile/>:
// exactly one key source; the algorithms pinned to that source's family (HS* only with a secret,
// the key's own family with a PEM key, RS*/ES* with a JWKS), so no configuration can let a public
// key serve as an HMAC secret. Files are read here, at load, with FILE:LINE:COL errors.

#include "authentication/AuthPolicy.h"
#include "config/LoadContext.h"

#include <pugixml.hpp>

#include <memory>

namespace portico::authentication
{

// nullptr after reporting the errors.
std::shared_ptr<const JwtSettings> parseJwtElement(config::LoadContext& context,
                                                   const pugi::xml_node& element);

} // namespace portico::authentication
