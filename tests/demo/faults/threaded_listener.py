"""The listening half shared by the fault peers in this folder: parse --host and --port, listen
(reusing the address, since a test stops a peer and starts it again on the same port), print
"listening on HOST:PORT" once connections are accepted, and serve each one on its own thread. A
connection the other side broke ends its thread quietly, and every connection is closed when its
serve() returns."""
import argparse
import socket
import threading


def _serve_then_close(serve, connection):
    try:
        serve(connection)
    except OSError:
        pass
    finally:
        try:
            connection.close()
        except OSError:
            pass


def serve_forever(serve, backlog):
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((options.host, options.port))
    listener.listen(backlog)
    address = listener.getsockname()
    print("listening on %s:%d" % (address[0], address[1]), flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=_serve_then_close, args=(serve, connection), daemon=True).start()
