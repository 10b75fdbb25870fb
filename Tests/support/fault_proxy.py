#!/usr/bin/env python3
"""An HTTP/1.1 proxy in front of one upstream that injects transient faults, for retry tests.

    fault_proxy.py --upstream HOST:PORT [--fault-rate 0.1] [--seed 7] [--stall-seconds 5]
                   [--faults 500,503,429,reset,truncate,stall] [--latency-ms 0] [--port 0]

Prints `listening PORT` once ready. Requests are forwarded byte for byte (request line, headers
including Host and Authorization, body), so SigV4 signatures stay valid. Each upstream answer is read
in full first; only 200 and 206 answers can be replaced by a fault, so every fault is transient:

    500       500 with an S3 InternalError body      503       503 with an S3 SlowDown body
    429       429 Too Many Requests                  reset     connection reset, nothing sent
    truncate  the real head with its Content-Length, then half the body, then close
    stall     wait --stall-seconds, then the real answer (the client's timeout should fire first)

Whether a request is faulted, and how, comes from one seeded RNG: the same sequence on every run.
On SIGTERM/SIGINT it prints `faults injected: N of M requests` to standard error and exits.
Standard library only.
"""
import argparse
import collections
import random
import signal
import socket
import socketserver
import struct
import sys
import threading
import time

FAULTS = ("500", "503", "429", "reset", "truncate", "stall")
MAX_HEAD = 64 * 1024


class ClientGone(Exception):
    pass


def read_head(stream):
    """Request or status line plus headers, verbatim; None at a clean end of stream."""
    lines = []
    size = 0
    while True:
        line = stream.readline(MAX_HEAD + 1)
        if not line:
            if lines:
                raise ClientGone("connection closed inside a message head")
            return None
        size += len(line)
        if size > MAX_HEAD:
            raise ClientGone("message head too large")
        if not lines and line in (b"\r\n", b"\n"):
            continue  # stray CRLF between messages (RFC 9112 2.2)
        lines.append(line)
        if line in (b"\r\n", b"\n"):
            return b"".join(lines)


def header_fields(head):
    fields = collections.defaultdict(list)
    for line in head.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            fields[name.strip().lower()].append(value.strip())
    return fields


def read_exact(stream, n):
    data = stream.read(n)
    if len(data) != n:
        raise ClientGone("connection closed inside a body")
    return data


def read_chunked(stream, keep_raw):
    """A chunked body: its raw bytes (keep_raw) or its decoded payload."""
    raw, payload = [], []
    while True:
        size_line = stream.readline(MAX_HEAD)
        if not size_line:
            raise ClientGone("connection closed inside a chunked body")
        raw.append(size_line)
        size = int(size_line.split(b";")[0].strip(), 16)
        if size == 0:
            break
        chunk = read_exact(stream, size + 2)
        raw.append(chunk)
        payload.append(chunk[:-2])
    while True:  # trailer section
        line = stream.readline(MAX_HEAD)
        if not line:
            raise ClientGone("connection closed inside a chunked trailer")
        raw.append(line)
        if line in (b"\r\n", b"\n"):
            break
    return b"".join(raw if keep_raw else payload)


def wants_close(version, fields):
    tokens = {t.strip().lower() for v in fields.get(b"connection", []) for t in v.split(b",")}
    return b"close" in tokens or (version == b"HTTP/1.0" and b"keep-alive" not in tokens)


def s3_error(status, reason, code, message):
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        "<RequestId>FAULTPROXY</RequestId></Error>"
    ).encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/xml\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


CANNED = {
    "500": s3_error(500, "Internal Server Error", "InternalError", "We encountered an internal error. Please try again."),
    "503": s3_error(503, "Service Unavailable", "SlowDown", "Please reduce your request rate."),
    "429": s3_error(429, "Too Many Requests", "TooManyRequests", "Please reduce your request rate."),
}


class Upstream:
    """One upstream connection per client connection, reopened when the upstream closed it."""

    def __init__(self, address):
        self.address = address
        self.sock = None
        self.stream = None

    def close(self):
        if self.sock:
            self.sock.close()
        self.sock = self.stream = None

    def exchange(self, method, request):
        # A pooled connection may have been closed by the upstream while idle: when nothing at all
        # comes back on it, the request was never processed, so it is sent again on a fresh one.
        reused = self.sock is not None
        while True:
            if self.sock is None:
                self.sock = socket.create_connection(self.address, timeout=120)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self.stream = self.sock.makefile("rb")
            try:
                self.sock.sendall(request)
                head = read_head(self.stream)
                while head is not None and head.split(b" ", 2)[1].startswith(b"1"):
                    head = read_head(self.stream)  # 100 Continue: the client already had ours
            except (OSError, ClientGone):
                head = None
            if head is not None:
                return head, self.read_body(method, head)
            self.close()
            if not reused:
                raise ClientGone("upstream closed the connection without answering")
            reused = False

    def read_body(self, method, head):
        status = int(head.split(b" ", 2)[1])
        fields = header_fields(head)
        if method == b"HEAD" or status in (204, 304):
            body = b""
        elif b"chunked" in b",".join(fields.get(b"transfer-encoding", [])).lower():
            body = read_chunked(self.stream, keep_raw=False)
        elif b"content-length" in fields:
            body = read_exact(self.stream, int(fields[b"content-length"][0]))
        else:
            body = self.stream.read()  # delimited by the end of the connection
            self.close()
            return body
        if wants_close(head.split(b" ", 1)[0], fields):
            self.close()
        return body


def with_content_length(head, body):
    """Rewrite a chunked or close-delimited answer's head to carry Content-Length instead."""
    lines = head.split(b"\r\n")
    kept = [
        line for line in lines[1:-2]
        if line.split(b":", 1)[0].strip().lower() not in (b"transfer-encoding", b"content-length")
    ]
    return b"\r\n".join([lines[0], *kept, b"Content-Length: %d" % len(body), b"", b""])


class Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, options):
        super().__init__(("127.0.0.1", options.port), Handler)
        host, _, port = options.upstream.rpartition(":")
        self.upstream = (host or "127.0.0.1", int(port))
        self.options = options
        self.rng = random.Random(options.seed)
        self.lock = threading.Lock()
        self.requests = 0
        self.injected = collections.Counter()

    def count_request(self):
        with self.lock:
            self.requests += 1

    def draw_fault(self):
        with self.lock:
            if self.rng.random() >= self.options.fault_rate:
                return None
            fault = self.rng.choice(self.options.faults)
            self.injected[fault] += 1
            return fault


class Handler(socketserver.BaseRequestHandler):
    def setup(self):
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.stream = self.request.makefile("rb")
        self.upstream = Upstream(self.server.upstream)

    def finish(self):
        self.upstream.close()

    def handle(self):
        try:
            while self.relay_one():
                pass
        except (OSError, ClientGone, ValueError, IndexError):
            pass  # the client went away or sent something unparsable: drop the connection

    def relay_one(self):
        head = read_head(self.stream)
        if head is None:
            return False
        self.server.count_request()
        method, _, rest = head.split(b"\r\n", 1)[0].partition(b" ")
        version = rest.rpartition(b" ")[2]
        fields = header_fields(head)
        if b"100-continue" in b",".join(fields.get(b"expect", [])).lower():
            self.request.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if b"chunked" in b",".join(fields.get(b"transfer-encoding", [])).lower():
            body = read_chunked(self.stream, keep_raw=True)
        else:
            body = read_exact(self.stream, int(fields.get(b"content-length", [b"0"])[0]))

        try:
            answer_head, answer_body = self.upstream.exchange(method, head + body)
        except (OSError, ClientGone) as error:
            message = f"fault proxy: upstream {self.server.upstream[0]}:{self.server.upstream[1]}: {error}"
            print(message, file=sys.stderr, flush=True)
            self.request.sendall(s3_error(502, "Bad Gateway", "BadGateway", "The upstream did not answer."))
            return False
        status = int(answer_head.split(b" ", 2)[1])
        answer_fields = header_fields(answer_head)
        delimited = b"content-length" in answer_fields and b"transfer-encoding" not in answer_fields
        if not delimited and method != b"HEAD" and status not in (204, 304):
            answer_head = with_content_length(answer_head, answer_body)
        keep_alive = not wants_close(version, fields) and not wants_close(b"HTTP/1.1", answer_fields)

        if self.server.options.latency_ms:
            time.sleep(self.server.options.latency_ms / 1000)
        fault = self.server.draw_fault() if status in (200, 206) else None
        if fault in CANNED:
            self.request.sendall(CANNED[fault])
            return keep_alive
        if fault == "reset":
            # SO_LINGER 0 makes close() send RST. Close here: socketserver would shut down (FIN) first.
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.stream.close()
            self.request.close()
            return False
        if fault == "truncate":
            # Half the body under the full Content-Length; a bodiless answer loses half its head.
            partial = answer_head + answer_body[: len(answer_body) // 2] if answer_body else answer_head[: len(answer_head) // 2]
            self.request.sendall(partial)
            return False
        if fault == "stall":
            time.sleep(self.server.options.stall_seconds)
        self.request.sendall(answer_head + answer_body)
        return keep_alive


def fault_list(text):
    faults = tuple(f.strip() for f in text.split(",") if f.strip())
    unknown = set(faults) - set(FAULTS)
    if unknown or not faults:
        raise argparse.ArgumentTypeError(f"faults are some of {','.join(FAULTS)}")
    return faults


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, metavar="HOST:PORT")
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stall-seconds", type=float, default=5.0)
    parser.add_argument("--faults", type=fault_list, default=FAULTS, help="comma-separated subset (default: all)")
    parser.add_argument("--latency-ms", type=float, default=0, help="delay every answer (slows a crawl down to be killed midway)")
    parser.add_argument("--port", type=int, default=0, help="listening port on 127.0.0.1 (default: a free one)")
    options = parser.parse_args()

    server = Proxy(options)
    stop = threading.Event()
    # A parent may start us with these signals blocked (blocked masks survive exec): unblock them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"listening {server.server_address[1]}", flush=True)
    while not stop.wait(1):
        pass
    server.shutdown()
    server.server_close()
    with server.lock:
        injected, requests = sum(server.injected.values()), server.requests
        detail = ", ".join(f"{fault} {server.injected[fault]}" for fault in options.faults)
    print(f"faults injected: {injected} of {requests} requests", file=sys.stderr)
    print(f"faults by kind: {detail}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
