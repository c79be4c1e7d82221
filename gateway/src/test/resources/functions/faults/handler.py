"""/slow?ms=N sleeps N ms; /mark/<id> remembers <id>; /marks answers every id remembered, one per line."""
import threading
import time
from urllib.parse import parse_qs

_marks = []
_lock = threading.Lock()


def handle(req):
    if req.path.startswith("/slow"):
        ms = int(parse_qs(req.query).get("ms", ["1000"])[0])
        time.sleep(ms / 1000.0)
        return 200, {"Content-Type": "text/plain"}, "slept %d ms" % ms
    if req.path.startswith("/mark/"):
        with _lock:
            _marks.append(req.path[len("/mark/"):])
        return 200, {"Content-Type": "text/plain"}, "marked"
    if req.path == "/marks":
        with _lock:
            return 200, {"Content-Type": "text/plain"}, "\n".join(_marks)
    return 200, {"Content-Type": "text/plain"}, "faults"
