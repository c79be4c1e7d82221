"""Stoker python runner: serves the function's handler over HTTP/1.1 on $PORT.

Handler: STOKER_HANDLER as "module.function" (default handler.handle), imported from the function
folder. It is called with a Request and returns (status, headers, body), a dict with the keys
status/headers/body, or just a body (str, bytes, dict or list -> JSON).
"""
import importlib
import json
import os
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FUNCTION_DIR = os.environ.get("STOKER_FUNCTION_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "function"))


class Request:
    """One HTTP call: method, path, query (raw, without '?'), headers (lower-case names), body (bytes)."""

    __slots__ = ("method", "path", "query", "headers", "body")

    def __init__(self, method, path, query, headers, body):
        self.method, self.path, self.query, self.headers, self.body = method, path, query, headers, body

    def text(self):
        return self.body.decode("utf-8", "replace")

    def __getitem__(self, key):  # request["body"] works too, for handlers that prefer a dict
        return getattr(self, key)


def fail(message):
    print("stoker python runner: " + message, file=sys.stderr, flush=True)
    sys.exit(2)


def load_handler(spec):
    module_name, _, func_name = spec.rpartition(".")
    if not module_name:
        fail("STOKER_HANDLER %r is not module.function (e.g. handler.handle)" % spec)
    sys.path.insert(0, FUNCTION_DIR)
    try:
        module = importlib.import_module(module_name)
    except Exception:
        fail("cannot import %s:\n%s" % (module_name, traceback.format_exc()))
    fn = getattr(module, func_name, None)
    if not callable(fn):
        fail("%s has no function %s" % (module_name, func_name))
    return fn


def to_bytes(body, headers):
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if not any(k.lower() == "content-type" for k in headers):
        headers["Content-Type"] = "application/json"
    return json.dumps(body).encode("utf-8")


def normalise(result):
    """Turns whatever the handler returned into (status, headers, body bytes)."""
    if isinstance(result, tuple):
        status, headers, body = (list(result) + [None, None])[:3]
    elif isinstance(result, dict) and set(result) <= {"status", "headers", "body"} and result:
        status, headers, body = result.get("status"), result.get("headers"), result.get("body")
    else:
        status, headers, body = 200, None, result
    headers = dict(headers or {})
    return int(status or 200), headers, to_bytes(body, headers)


class CallHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; every answer carries Content-Length
    disable_nagle_algorithm = True
    server_version = "stoker-python"
    sys_version = ""

    def __getattr__(self, name):
        # Any method (GET, POST, PATCH, PURGE, ...) goes to the same place.
        if name.startswith("do_"):
            return self.dispatch
        raise AttributeError(name)

    def dispatch(self):
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = self.read_chunked()
        else:
            body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        request = Request(self.command, path, query, headers, body)
        try:
            status, out_headers, out = normalise(self.server.handler(request))
        except Exception as e:
            traceback.print_exc()
            status, out_headers, out = 500, {"Content-Type": "text/plain; charset=utf-8"}, ("handler failed: %r" % e).encode()
        self.send_response(status)
        for k, v in out_headers.items():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, str(v))
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        if self.command != "HEAD" and out:
            self.wfile.write(out)

    def read_chunked(self):
        parts = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def log_message(self, fmt, *args):  # one line per call is noise in the function's logs
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def main():
    handler = load_handler(os.environ.get("STOKER_HANDLER", "").strip() or "handler.handle")
    port = int(os.environ.get("PORT", "8080"))
    server = Server(("0.0.0.0", port), CallHandler)
    server.handler = handler
    print("stoker python runner: serving %s on port %d" % (os.environ.get("STOKER_HANDLER"), port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
