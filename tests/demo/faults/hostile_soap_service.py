#!/usr/bin/python3
"""A SOAP service that attacks its client's XML parser, for Portico's hostile-document tests. It
answers the calculator WSDL's EchoAny (etc/demo/calculator.wsdl) as the request's path says:

    /ok            a plain EchoAnyResponse carrying <echo>fine</echo>
    /deep          the same with the value nested 100,000 elements deep
    /dtd           a reply with a DOCTYPE and an internal subset
    /entities      the "billion laughs": ten levels of entities, each ten of the one below
    /external      an external entity naming /etc/passwd, used in the reply
    /fault-crlf    a soap:Fault whose faultstring and detail carry CR LF and a header line
    /stats         {"requests": N}: the SOAP requests it received so far

    /usr/bin/python3 hostile_soap_service.py [--host 127.0.0.1] [--port 0]

Prints "listening on HOST:PORT" once it accepts connections.
"""

import argparse
import http.server
import json
import threading

ENVELOPE_OPEN = ('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>')
ENVELOPE_CLOSE = '</soap:Body></soap:Envelope>'
NAMESPACE = 'http://portico.example/calculator'


def echo_reply(value, prologue=''):
    return ('<?xml version="1.0"?>' + prologue + ENVELOPE_OPEN + '<tns:EchoAnyResponse xmlns:tns="' +
            NAMESPACE + '"><tns:EchoAnyResult>' + value + '</tns:EchoAnyResult></tns:EchoAnyResponse>' +
            ENVELOPE_CLOSE)


def laughs():
    entities = '<!ENTITY lol0 "lol">'
    for level in range(1, 10):
        entities += '<!ENTITY lol%d "%s">' % (level, ('&lol%d;' % (level - 1)) * 10)
    return '<!DOCTYPE soap:Envelope [' + entities + ']>'


REPLIES = {
    '/ok': echo_reply('<echo>fine</echo>'),
    '/deep': echo_reply('<x>' * 100000 + '1' + '</x>' * 100000),
    '/dtd': echo_reply('<echo>fine</echo>', '<!DOCTYPE soap:Envelope [<!ELEMENT echo (#PCDATA)>]>'),
    '/entities': echo_reply('<echo>&lol9;</echo>', laughs()),
    '/external': echo_reply('<echo>&passwd;</echo>',
                            '<!DOCTYPE soap:Envelope [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>'),
    '/fault-crlf': ('<?xml version="1.0"?>' + ENVELOPE_OPEN + '<soap:Fault><faultcode>soap:Server</faultcode>'
                    '<faultstring>boom\r\nX-Injected: from-fault</faultstring>'
                    '<detail><why>\r\nX-Injected: from-detail\r\n</why></detail></soap:Fault>' +
                    ENVELOPE_CLOSE),
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    requests = 0
    lock = threading.Lock()

    def do_GET(self):
        if self.path != '/stats':
            self.send_error(404)
            return
        with Handler.lock:
            self.answer(200, 'application/json', json.dumps({'requests': Handler.requests}))

    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', '0')))
        with Handler.lock:
            Handler.requests += 1
        reply = REPLIES.get(self.path)
        if reply is None:
            self.send_error(404)
            return
        self.answer(500 if 'Fault' in reply else 200, 'text/xml; charset=utf-8', reply)

    def answer(self, status, content_type, text):
        body = text.encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    options = parser.parse_args()
    server = http.server.ThreadingHTTPServer((options.host, options.port), Handler)
    server.daemon_threads = True
    print('listening on %s:%d' % server.server_address, flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
