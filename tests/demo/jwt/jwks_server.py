#!/usr/bin/python3
"""An identity provider's key endpoint for tests: serves a JWKS file over HTTPS.

    /usr/bin/python3 jwks_server.py --port 0 --jwks FILE --cert CERT --key KEY [--host 127.0.0.1]

GET /jwks.json answers the file as it is at that moment (tests rewrite it to rotate keys);
GET /count answers how many times /jwks.json was fetched. Prints "listening on HOST:PORT".
"""

import argparse
import http.server
import ssl
import sys
import threading

fetches = 0
lock = threading.Lock()


def handler_for(jwks_path):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            global fetches
            if self.path == "/jwks.json":
                with lock:
                    fetches += 1
                with open(jwks_path, "rb") as source:
                    body = source.read()
                kind = "application/json"
            elif self.path == "/count":
                with lock:
                    body = str(fetches).encode()
                kind = "text/plain"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--jwks", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    options = parser.parse_args()
    server = http.server.ThreadingHTTPServer((options.host, options.port), handler_for(options.jwks))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(options.cert, options.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    address = server.server_address
    print("listening on %s:%d" % (address[0], address[1]), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
