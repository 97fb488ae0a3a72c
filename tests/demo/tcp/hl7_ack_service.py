#!/usr/bin/python3
"""A real HL7 v2 peer over MLLP for Portico's tests and demo, on Debian's python3-hl7 (its
hl7.mllp asyncio server). It answers every message with an ACK: MSA-1 "AA" and the message's
control id, or "AE" when the message's MSH-9 is not ADT (to exercise error ACKs).

    /usr/bin/python3 hl7_ack_service.py [--host 127.0.0.1] [--port 0]

Prints "listening on HOST:PORT" once it accepts connections.
"""

import argparse
import asyncio
import sys

import hl7
from hl7.mllp import start_hl7_server


async def handle(reader, writer):
    try:
        while not writer.is_closing():
            message = await reader.readmessage()
            message_type = str(message.segment("MSH")(9)(1)(1)) if message.segment("MSH") else ""
            code = "AA" if message_type.startswith("ADT") else "AE"
            ack = message.create_ack(ack_code=code, message_id="ACK" + str(message.segment("MSH")(10)))
            writer.writemessage(ack)
            await writer.drain()
    except asyncio.IncompleteReadError:
        pass
    except Exception as error:  # a malformed message: answer nothing, close
        print("hl7 peer: %s" % error, file=sys.stderr, flush=True)
    finally:
        writer.close()


async def main(host, port):
    server = await start_hl7_server(handle, host=host, port=port)
    address = server.sockets[0].getsockname()
    print("listening on %s:%d" % (address[0], address[1]), flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    arguments = parser.parse_args()
    try:
        asyncio.run(main(arguments.host, arguments.port))
    except KeyboardInterrupt:
        pass
