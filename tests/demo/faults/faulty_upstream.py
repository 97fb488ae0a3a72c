#!/usr/bin/python3
"""An HTTP/1.1 back end that fails on purpose, for Portico's failing-back-end tests. It keeps
connections alive like a real server and fails in the way the request's path names:

    /ok                  200 with a small JSON body (keep-alive)
    /reset-before-head   reads the request, then resets the connection (RST) without a byte
    /reset-mid-body      sends the head and part of a Content-Length body, then resets
    /truncated-chunked   sends a chunked answer and closes before its last chunk
    /garbage             answers bytes that are not HTTP, then closes
    /slow                answers after 3 s (longer than the gateway's timeout in the tests)
    /close-after-answer  answers 200 without "Connection: close", then closes at once, so the
                         gateway's pooled connection is already dead when it is reused
    /stats               {"requests": N}: the whole requests it received so far (a request
                         whose body is malformed or cut is not one), this one apart

    /usr/bin/python3 faulty_upstream.py [--host 127.0.0.1] [--port 0]

Prints "listening on HOST:PORT" once it accepts connections.
"""

import socket
import struct
import threading
import time

from threaded_listener import serve_forever


def fill_until(connection, pending, predicate):
    """Reads into pending[0] until predicate(pending[0]) holds; False at the end of the stream."""
    while not predicate(pending[0]):
        chunk = connection.recv(65536)
        if not chunk:
            return False
        pending[0] += chunk
    return True


def read_chunked(connection, pending):
    """Consumes a chunked body strictly; False when it is malformed or cut."""
    while True:
        if not fill_until(connection, pending, lambda data: b"\r\n" in data):
            return False
        line, pending[0] = pending[0].split(b"\r\n", 1)
        size_text = line.split(b";")[0]
        if not size_text or any(c not in b"0123456789abcdefABCDEF" for c in size_text):
            return False
        size = int(size_text, 16)
        if size == 0:
            if not fill_until(connection, pending, lambda data: data.startswith(b"\r\n")):
                return False
            pending[0] = pending[0][2:]
            return True
        if not fill_until(connection, pending, lambda data: len(data) >= size + 2):
            return False
        if pending[0][size:size + 2] != b"\r\n":
            return False
        pending[0] = pending[0][size + 2:]


def read_request(connection, pending):
    """One whole request (head and body, by Content-Length or chunked) from the connection; its
    target, or None when the stream ends or the request is malformed or cut."""
    if not fill_until(connection, pending, lambda data: b"\r\n\r\n" in data):
        return None
    head, pending[0] = pending[0].split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
        if name.strip().lower() == "transfer-encoding":
            chunked = value.strip().lower() == "chunked"
    if chunked:
        if not read_chunked(connection, pending):
            return None
    else:
        if not fill_until(connection, pending, lambda data: len(data) >= length):
            return None
        pending[0] = pending[0][length:]
    target = lines[0].split(" ")[1]
    if target != "/stats":
        with served_lock:
            served[0] += 1
    return target


# Whole requests received, /stats apart: what a test compares before and after a probe.
served = [0]
served_lock = threading.Lock()


def reset(connection):
    # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def answer(connection, body=b'{"ok":true}'):
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                       % (len(body), body))


def serve(connection):
    pending = [b""]
    while True:
        target = read_request(connection, pending)
        if target is None:
            break
        path = target.split("?")[0]
        if path == "/stats":
            with served_lock:
                answer(connection, b'{"requests":%d}' % served[0])
            continue
        if path.endswith("/reset-before-head"):
            reset(connection)
            return
        if path.endswith("/reset-mid-body"):
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b"x" * 100)
            time.sleep(0.1)
            reset(connection)
            return
        if path.endswith("/truncated-chunked"):
            connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            time.sleep(0.1)
            break
        if path.endswith("/garbage"):
            connection.sendall(b"THIS IS NOT HTTP\r\n\r\n")
            break
        if path.endswith("/slow"):
            time.sleep(3)
            answer(connection)
            continue
        if path.endswith("/close-after-answer"):
            answer(connection)
            break
        answer(connection)


if __name__ == "__main__":
    serve_forever(serve, backlog=1024)
