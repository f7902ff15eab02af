#!/usr/bin/env python3
"""An HTTPS server for the `cpptls get` tests (get-test.sh) with the responses nginx will not
send: chunked bodies, bodies ended by the connection (with and without close_notify), short or
ambiguous lengths, hostile chunk sizes, relative redirects and redirects to http://.

    https-test-server.py PORT_FILE CERT KEY

Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE once it accepts connections,
and serves until killed. Every response is written byte by byte as the route says.
"""

import http.server
import os
import socket
import ssl
import sys

# The body of /chunked and /close: every byte value, then a marker.
BODY = bytes(range(256)) * 40 + b"end\n"


def chunked(body, sizes):
    """The chunked coding of `body` cut into `sizes` (the rest as one more chunk)."""
    out = b""
    offset = 0
    for index, size in enumerate(sizes + [len(body)]):
        piece = body[offset:offset + size]
        if not piece:
            break
        extension = b";name=value" if index == 1 else b""
        out += b"%x%s\r\n%s\r\n" % (len(piece), extension, piece)
        offset += len(piece)
    return out + b"0\r\nX-Checksum: none\r\n\r\n"


def head(status, fields):
    lines = [b"HTTP/1.1 " + status.encode()] + [f.encode() for f in fields]
    return b"\r\n".join(lines) + b"\r\n\r\n"


# route -> (raw response, how the connection ends: "notify" sends close_notify first,
# "tcp" closes TCP without it, "normal" lets the client close first)
def routes(port):
    return {
        "/chunked": (head("200 OK", ["Transfer-Encoding: chunked", "Connection: close"]) +
                     chunked(BODY, [1, 255, 4096, 3]), "normal"),
        "/close": (head("200 OK", ["Connection: close"]) + BODY, "notify"),
        "/truncated": (head("200 OK", ["Connection: close"]) + BODY[:1000], "tcp"),
        "/short": (head("200 OK", ["Content-Length: 1000"]) + b"0123456789", "notify"),
        "/relative": (head("302 Found", ["Location: chunked?from=relative", "Content-Length: 0"]),
                      "normal"),
        "/to-http": (head("302 Found", [f"Location: http://127.0.0.1:{port}/chunked",
                                        "Content-Length: 0"]), "normal"),
        "/hostile-chunk": (head("200 OK", ["Transfer-Encoding: chunked"]) +
                           b"fffffffffffffffffffffffff\r\nx", "notify"),
        "/two-lengths": (head("200 OK", ["Content-Length: 5", "Content-Length: 6"]) + b"hello!",
                         "notify"),
        "/interim": (b"HTTP/1.1 100 Continue\r\n\r\n" +
                     head("103 Early Hints", ["Link: </style.css>; rel=preload"]) +
                     head("200 OK", ["Content-Length: 6"]) + b"final\n", "normal"),
    }


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = self.path.split("?")[0]
        response, ending = routes(self.server.server_port).get(
            path, (head("404 Not Found", ["Content-Length: 0"]), "normal"))
        self.wfile.write(response)
        self.wfile.flush()
        self.close_connection = True
        if ending == "notify":
            self.connection.unwrap()  # close_notify, then the client's (RFC 8446 6.1)
        elif ending == "tcp":
            self.connection.shutdown(socket.SHUT_RDWR)  # TCP only: no close_notify

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, context):
        super().__init__(("127.0.0.1", 0), Handler)
        self.context = context

    def finish_request(self, request, client_address):
        # The handshake runs in the request's thread, so one stuck client cannot block others.
        request.settimeout(20)
        try:
            with self.context.wrap_socket(request, server_side=True) as tls:
                self.RequestHandlerClass(tls, client_address, self)
        except (OSError, ssl.SSLError):
            pass  # refused certificates and cut connections are what some tests want


def main():
    port_file, cert, key = sys.argv[1:4]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = Server(context)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_port))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
