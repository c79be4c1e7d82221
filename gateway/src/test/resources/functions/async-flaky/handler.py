"""Fails a random FAIL_RATE share of its calls (503, default 0.1), and every call of /fail; else echoes the call as JSON. DELAY_MS, if set,
is how long each call takes; /slow?ms=N takes N ms. /seen lists the X-Stoker-Call-Id of every call it got, one per
line, so a test can tell how often each async call reached the function."""
import json
import os
import random
import threading
import time
from urllib.parse import parse_qs

FAIL_RATE = float(os.environ.get("FAIL_RATE", "0.1"))
DELAY = float(os.environ.get("DELAY_MS", "0")) / 1000.0

_seen = []
_lock = threading.Lock()


def handle(req):
    if req.path == "/seen":
        with _lock:
            return 200, {"Content-Type": "text/plain"}, "\n".join(_seen)
    call_id = req.headers.get("x-stoker-call-id", "")
    with _lock:
        _seen.append(call_id)
    if req.path.startswith("/slow"):
        ms = int(parse_qs(req.query).get("ms", ["1000"])[0])
        time.sleep(ms / 1000.0)
        return 200, {"Content-Type": "text/plain"}, "slept %d ms" % ms
    if DELAY:
        time.sleep(DELAY)
    if req.path.startswith("/fail"):
        return 503, {"Content-Type": "text/plain"}, "failing " + call_id
    if random.random() < FAIL_RATE:
        return 503, {"Content-Type": "text/plain"}, "unlucky " + call_id
    answer = {"callId": call_id, "method": req.method, "path": req.path, "query": req.query, "body": req.text(),
              "trace": req.headers.get("x-trace", "")}
    return 200, {"Content-Type": "application/json"}, json.dumps(answer)
