#!/usr/bin/python3
"""A real SOAP 1.1 service for Portico's demo and integration tests, built on Debian's spyne.

    /usr/bin/python3 calculator_service.py [--host 127.0.0.1] [--port 0] [--headers-log FILE]
                                           [--close-after-answer]

Prints "listening on HOST:PORT" once it accepts requests; the WSDL is at http://HOST:PORT/?wsdl.
It serves as a production SOAP server does: HTTP/1.1 with keep-alive, a listen backlog of 1024 and
a pool of worker threads (Debian's waitress). --close-after-answer makes it behave like the many
legacy servers that answer HTTP/1.0 and close every connection (Python's wsgiref, backlog 5).
Operations: Add, Subtract, Multiply, Divide (xs:int; Divide by zero is a Client fault), Average
(an array of doubles in, a double out), Split (a string in, an array of strings out), Describe
(nillable fields in and out), FindCustomer (a NotFound fault with a detail element), OpenSession
(a SessionTicket SOAP header block in the reply, declared in the WSDL as an output header), Ship (a
Parcel in and out, whose instances are the derived Letter or Box named by xsi:type: a Box is
answered with a Letter and the other way round), EchoAny (an xs:anyType value, echoed).
--headers-log appends the traceparent, tracestate and X-Request-Id of every POST to FILE, one JSON
object per line, with the client's port ("peer_port"): tests see what the gateway passes on, and
how many connections it used.
"""

import argparse
import json
import logging
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import waitress
from spyne import AnyXml, Application, ComplexModel, Decimal, Double, Fault, Integer, Iterable, Array, Unicode, rpc
from spyne.model.primitive import Boolean, Int
from spyne.protocol.soap import Soap11
from spyne.service import ServiceBase
from spyne.server.wsgi import WsgiApplication

NAMESPACE = "http://portico.example/calculator"


class Person(ComplexModel):
    __namespace__ = NAMESPACE
    name = Unicode
    nickname = Unicode(nillable=True, min_occurs=1)  # always present: None travels as xsi:nil
    age = Int(nillable=True)
    active = Boolean


class CustomerNotFound(Fault):
    __namespace__ = NAMESPACE

    def __init__(self, customer_id):
        super().__init__(faultcode="Client.NotFound", faultstring="no customer %s" % customer_id,
                         detail={"CustomerNotFound": {"customerId": str(customer_id)}})


class SessionTicket(ComplexModel):
    __namespace__ = NAMESPACE
    ticket = Unicode
    expires = Int


class Parcel(ComplexModel):
    __namespace__ = NAMESPACE
    weight = Decimal


class Letter(Parcel):
    __namespace__ = NAMESPACE
    registered = Boolean


class Box(Parcel):
    __namespace__ = NAMESPACE
    width = Int
    height = Int


class CalculatorService(ServiceBase):
    # Answers with a SOAP header block: the session ticket a legacy service hands out.
    @rpc(Unicode, _returns=Unicode, _out_header=SessionTicket)
    def OpenSession(ctx, user):
        ctx.out_header = SessionTicket(ticket="T-" + (user or ""), expires=300)
        return "welcome " + (user or "")

    @rpc(Int, Int, _returns=Int)
    def Add(ctx, a, b):
        return a + b

    @rpc(Int, Int, _returns=Int)
    def Subtract(ctx, a, b):
        return a - b

    @rpc(Int, Int, _returns=Int)
    def Multiply(ctx, a, b):
        return a * b

    @rpc(Int, Int, _returns=Int)
    def Divide(ctx, a, b):
        if b == 0:
            raise Fault(faultcode="Client", faultstring="division by zero")
        return a // b

    @rpc(Array(Double), _returns=Double)
    def Average(ctx, values):
        values = list(values or [])
        if not values:
            raise Fault(faultcode="Client", faultstring="no values")
        return sum(values) / len(values)

    @rpc(Unicode, _returns=Array(Unicode))
    def Split(ctx, text):
        return (text or "").split()

    @rpc(Person, _returns=Person)
    def Describe(ctx, person):
        return person

    # A polymorphic operation: the type of what comes in decides the type of what goes out.
    @rpc(Parcel, _returns=Parcel)
    def Ship(ctx, parcel):
        if isinstance(parcel, Box):
            return Letter(weight=parcel.weight, registered=True)
        if isinstance(parcel, Letter):
            return Box(weight=parcel.weight, width=1, height=int(parcel.weight or 0) + 1)
        raise Fault(faultcode="Client", faultstring="a Parcel must be a Letter or a Box")

    # xs:anyType in and out.
    @rpc(AnyXml, _returns=AnyXml)
    def EchoAny(ctx, value):
        return value

    @rpc(Int, _returns=Unicode)
    def FindCustomer(ctx, customerId):
        if customerId == 42:
            return "Ada Lovelace"
        raise CustomerNotFound(customerId)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def logging_headers(application, path):
    def logged(environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST":
            seen = {name: environ.get(key) for name, key in (("traceparent", "HTTP_TRACEPARENT"),
                                                             ("tracestate", "HTTP_TRACESTATE"),
                                                             ("x-request-id", "HTTP_X_REQUEST_ID"),
                                                             ("peer_port", "REMOTE_PORT"))}
            with open(path, "a") as log:
                log.write(json.dumps(seen) + "\n")
        return application(environ, start_response)
    return logged


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--headers-log")
    parser.add_argument("--close-after-answer", action="store_true")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    application = Application([CalculatorService], tns=NAMESPACE, name="Calculator",
                              in_protocol=Soap11(validator="lxml"),
                              out_protocol=Soap11(polymorphic=True))  # xsi:type on derived instances
    wsgi = WsgiApplication(application)
    if arguments.headers_log:
        wsgi = logging_headers(wsgi, arguments.headers_log)
    if arguments.close_after_answer:
        server = make_server(arguments.host, arguments.port, wsgi,
                             server_class=ThreadingWSGIServer, handler_class=QuietHandler)
        port, serve = server.server_port, server.serve_forever
    else:
        # Keep-alive, and a backlog that a gateway opening its pool at once does not overflow
        # (with Python's default of 5, connections beyond it wait for SYN retransmits: 1 s, 3 s).
        server = waitress.create_server(wsgi, host=arguments.host, port=arguments.port, threads=8,
                                        backlog=1024, connection_limit=1000, channel_timeout=300,
                                        ident="calculator")
        port, serve = int(server.effective_port), server.run
    print("listening on %s:%d" % (arguments.host, port), flush=True)
    try:
        serve()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
