"""A TLS 1.2 client that sends a request and its close_notify in one segment, then waits for
the server's close_notify; it fails if application data comes first (RFC 5246 7.2.1: the
server answers a close_notify with its own and writes nothing more). For cli-test.sh.

    python3 tls12-close-first.py PORT CAFILE
"""
import socket
import ssl
import sys

port, cafile = int(sys.argv[1]), sys.argv[2]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.load_verify_locations(cafile)
context.maximum_version = ssl.TLSVersion.TLSv1_2
incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
tls = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
sock = socket.create_connection(("127.0.0.1", port), timeout=10)


def flush():
    data = outgoing.read()
    if data:
        sock.sendall(data)


def receive():
    data = sock.recv(65536)
    if not data:
        sys.exit("the server closed the socket without close_notify")
    incoming.write(data)


while True:
    try:
        tls.do_handshake()
        break
    except ssl.SSLWantReadError:
        flush()
        receive()
flush()
tls.write(b"GET / HTTP/1.0\r\n\r\n")
try:
    tls.unwrap()
except ssl.SSLWantReadError:
    pass
flush()  # the request and our close_notify leave together
while True:
    try:
        tls.unwrap()  # raises SSLError if application data arrives before close_notify
        break
    except ssl.SSLWantReadError:
        receive()
print("closed without data")
