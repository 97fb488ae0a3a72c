#!/usr/bin/python3
"""Keys and tokens for the JWT tests, made with python3-jwt and python3-cryptography: libraries
independent of the gateway's OpenSSL code.

    identity_provider.py keys DIR           writes rsa.key rsa.pub ec.key ec.pub rsa2.key and
                                            jwks.json (rsa as kid "rsa-1", ec as kid "ec-1")
    identity_provider.py jwks DIR KID...    rewrites DIR/jwks.json with only those keys
                                            (rsa-1, ec-1, rsa-2), to rotate keys
    identity_provider.py token ALG KEY CLAIMS [KID]
                                            prints a token; KEY is a PEM file, or text for HS*;
                                            CLAIMS is JSON, where "exp": "+60" means now + 60 s
    identity_provider.py confused PUBLIC CLAIMS
                                            prints an HS256 token whose HMAC key is the bytes of
                                            the PEM public key file PUBLIC (the algorithm-confusion
                                            attack; python3-jwt refuses to make one, so it is made
                                            by hand)
    identity_provider.py none CLAIMS        prints an unsigned token (alg "none")
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

KEYS = {"rsa-1": "rsa", "ec-1": "ec", "rsa-2": "rsa2"}


def write_keys(folder):
    for name, key in (("rsa", rsa.generate_private_key(65537, 2048)),
                      ("rsa2", rsa.generate_private_key(65537, 2048)),
                      ("ec", ec.generate_private_key(ec.SECP256R1()))):
        with open(os.path.join(folder, name + ".key"), "wb") as out:
            out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()))
        with open(os.path.join(folder, name + ".pub"), "wb") as out:
            out.write(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo))
    write_jwks(folder, ["rsa-1", "ec-1"])


def write_jwks(folder, kids):
    keys = []
    for kid in kids:
        with open(os.path.join(folder, KEYS[kid] + ".pub"), "rb") as source:
            public = serialization.load_pem_public_key(source.read())
        algorithm = jwt.algorithms.RSAAlgorithm if KEYS[kid].startswith("rsa") else jwt.algorithms.ECAlgorithm
        jwk = json.loads(algorithm.to_jwk(public))
        jwk["kid"] = kid
        jwk["use"] = "sig"
        keys.append(jwk)
    path = os.path.join(folder, "jwks.json")
    with open(path + ".new", "w") as out:
        json.dump({"keys": keys}, out)
    os.replace(path + ".new", path)


def token(algorithm, key, claims, kid=None):
    payload = resolved_claims(claims)
    if os.path.exists(key):
        with open(key, "rb") as source:
            key = source.read()
    headers = {"kid": kid} if kid else None
    print(jwt.encode(payload, key, algorithm=algorithm, headers=headers))


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def resolved_claims(claims):
    payload = json.loads(claims)
    for name in ("exp", "nbf", "iat"):
        if isinstance(payload.get(name), str) and payload[name][:1] in "+-":
            payload[name] = int(time.time()) + int(payload[name])
    return payload


def unsigned(header, claims):
    return b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(resolved_claims(claims)).encode())


def confused(public, claims):
    with open(public, "rb") as source:
        key = source.read()
    part = unsigned({"alg": "HS256", "typ": "JWT"}, claims)
    print(part + "." + b64url(hmac.new(key, part.encode(), hashlib.sha256).digest()))


def main(arguments):
    if arguments[0] == "keys":
        write_keys(arguments[1])
    elif arguments[0] == "jwks":
        write_jwks(arguments[1], arguments[2:])
    elif arguments[0] == "token":
        token(*arguments[1:])
    elif arguments[0] == "confused":
        confused(*arguments[1:])
    elif arguments[0] == "none":
        print(unsigned({"alg": "none", "typ": "JWT"}, arguments[1]) + ".")
    else:
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
