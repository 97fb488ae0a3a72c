#!/usr/bin/python3
"""Demo legacy TCP systems for Portico's quickstart and integration tests (standard library only).

    /usr/bin/python3 legacy_tcp_service.py --mode mainframe|lines [--host 127.0.0.1] [--port 0]
                                           [--delay-ms N] [--close-after N] [--connection-log FILE]

mainframe: a balance-enquiry transaction over fixed-width EBCDIC (IBM037) records, each framed by
  a 2-byte big-endian length prefix (exclusive of the prefix).
    request  (14 bytes): txn "BAL1" (4), account (10, right-aligned, zero-padded)
    response (28 bytes): rc (2, "00" found / "04" unknown account / "08" bad transaction),
                         account (10), balance (13, implied 2 decimals, zero-padded, "-" leading
                         when negative), currency (3)
lines: newline-delimited UTF-8 text; each line is answered with "OK " and the line upper-cased.

Prints "listening on HOST:PORT" once it accepts connections. --close-after N closes each
connection after N replies; --delay-ms delays every reply; --connection-log FILE appends a line
for each connection accepted.
"""

import argparse
import socketserver
import struct
import sys
import time

ACCOUNTS = {
    "0000012345": (1234567, "EUR"),    # 12345.67
    "0000000042": (-5000, "USD"),      # -50.00
    "9876543210": (100000000, "CHF"),  # 1000000.00
}


def balance_reply(record):
    text = record.decode("cp037")
    if len(text) != 14 or text[:4] != "BAL1":
        return ("08" + " " * 10 + "0" * 13 + "   ").encode("cp037")
    account = text[4:]
    if account not in ACCOUNTS:
        return ("04" + account + "0" * 13 + "   ").encode("cp037")
    cents, currency = ACCOUNTS[account]
    amount = ("-" + str(-cents).rjust(12, "0")) if cents < 0 else str(cents).rjust(13, "0")
    return ("00" + account + amount + currency).encode("cp037")


class MainframeHandler(socketserver.BaseRequestHandler):
    def handle(self):
        replies = 0
        while True:
            header = self._read(2)
            if header is None:
                return
            (length,) = struct.unpack(">H", header)
            record = self._read(length)
            if record is None:
                return
            if self.server.delay:
                time.sleep(self.server.delay)
            reply = balance_reply(record)
            self.request.sendall(struct.pack(">H", len(reply)) + reply)
            replies += 1
            if self.server.close_after and replies >= self.server.close_after:
                return

    def _read(self, count):
        data = b""
        while len(data) < count:
            chunk = self.request.recv(count - len(data))
            if not chunk:
                return None
            data += chunk
        return data


class LinesHandler(socketserver.StreamRequestHandler):
    def handle(self):
        replies = 0
        for line in self.rfile:
            if self.server.delay:
                time.sleep(self.server.delay)
            text = line.decode("utf-8").rstrip("\n")
            self.wfile.write(("OK " + text.upper() + "\n").encode("utf-8"))
            self.wfile.flush()
            replies += 1
            if self.server.close_after and replies >= self.server.close_after:
                return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    connection_log = None

    def process_request(self, request, client_address):
        # One line per accepted connection, for tests that count how often a client reconnects.
        if self.connection_log:
            with open(self.connection_log, "a") as log:
                log.write("%s:%d\n" % client_address)
        super().process_request(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["mainframe", "lines"], required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--close-after", type=int, default=0)
    parser.add_argument("--connection-log", default=None)
    arguments = parser.parse_args()
    handler = MainframeHandler if arguments.mode == "mainframe" else LinesHandler
    server = Server((arguments.host, arguments.port), handler)
    server.delay = arguments.delay_ms / 1000.0
    server.close_after = arguments.close_after
    server.connection_log = arguments.connection_log
    print("listening on %s:%d" % server.server_address, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
