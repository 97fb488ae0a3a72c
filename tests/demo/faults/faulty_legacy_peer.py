#!/usr/bin/python3
"""A legacy TCP peer that fails on purpose, for Portico's failing-legacy-peer tests (standard
library only). Messages in both directions are framed by a 2-byte big-endian length (exclusive of
the prefix) and hold US-ASCII text. A request is a 12-character record naming what to do, padded
with spaces; a good reply is a 14-character record: "00" and the request's record again.

    ok           the good reply; the connection stays open for the next request
    reset        reads the request, then resets the connection (RST) without a byte
    garbage      answers bytes that are no frame (a length of 65279, far over the gateway's
                 maxBytes), then keeps the connection open: only the framing can tell
    short        answers a well-framed reply of 5 bytes, not the record's 14: only the codec can
                 tell; the connection serves on, as the exchange itself was sound
    silent       never answers; holds the connection until the other side closes it (or 60 s)
    close-after  the good reply, then closes the connection at once, so a pooled connection is
                 already dead when it is reused
    half         the length of a good reply and half its bytes, then closes: death mid-reply

    /usr/bin/python3 faulty_legacy_peer.py [--host 127.0.0.1] [--port 0]

Prints "listening on HOST:PORT" once it accepts connections.
"""

import socket
import struct
import time

from threaded_listener import serve_forever


def read_exactly(connection, count):
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_request(connection):
    """One framed request's payload, or None when the stream ends."""
    header = read_exactly(connection, 2)
    if header is None:
        return None
    (length,) = struct.unpack(">H", header)
    return read_exactly(connection, length)


def frame(payload):
    return struct.pack(">H", len(payload)) + payload


def reset(connection):
    # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def hold_until_closed(connection):
    """Answers nothing and waits for the other side to close (bounded, so no thread lives on)."""
    connection.settimeout(60)
    try:
        while connection.recv(65536):
            pass
    except OSError:
        pass


def serve(connection):
    while True:
        record = read_request(connection)
        if record is None:
            return
        command = record.decode("ascii").strip()
        good = frame(b"00" + record)
        if command == "reset":
            reset(connection)
            return
        if command == "garbage":
            connection.sendall(b"\xfe\xffTHIS IS NOT A FRAME")
            hold_until_closed(connection)
            return
        if command == "short":
            connection.sendall(frame(b"00ok!"))
            continue
        if command == "silent":
            hold_until_closed(connection)
            return
        if command == "close-after":
            # Corked, the reply waits in the socket until close() adds the FIN to it: both
            # leave in one segment, so the gateway cannot read the reply before the close,
            # however the two processes are scheduled.
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
            connection.sendall(good)
            connection.close()
            return
        if command == "half":
            connection.sendall(good[: len(good) // 2])
            time.sleep(0.1)
            connection.close()
            return
        connection.sendall(good)


if __name__ == "__main__":
    serve_forever(serve, backlog=128)
