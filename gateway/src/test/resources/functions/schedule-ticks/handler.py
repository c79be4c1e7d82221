"""POST /tick remembers the call's ce-* headers, body and arrival time (epoch seconds); GET /ticks answers them, one JSON object a line."""
import json
import threading
import time

_ticks = []
_lock = threading.Lock()


def handle(req):
    if req.path == "/tick":
        tick = {k: v for k, v in req.headers.items() if k.startswith("ce-")}
        tick["body"] = req.body.decode("utf-8", "replace")
        tick["content-type"] = req.headers.get("content-type", "")
        tick["at"] = time.time()
        with _lock:
            _ticks.append(tick)
        return 200, {"Content-Type": "text/plain"}, "ticked"
    if req.path == "/ticks":
        with _lock:
            return 200, {"Content-Type": "text/plain"}, "\n".join(json.dumps(t) for t in _ticks)
    return 404, {"Content-Type": "text/plain"}, "no such path"
