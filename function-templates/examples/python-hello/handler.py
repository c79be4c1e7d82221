"""Says hello and echoes the call. /status/<code> answers with that status; /sleep/<ms> waits first."""
import os
import time

GREETING = os.environ.get("GREETING", "hello from python")


def handle(req):
    status = 200
    if req.path.startswith("/status/"):
        status = int(req.path[len("/status/"):])
    elif req.path.startswith("/sleep/"):
        time.sleep(int(req.path[len("/sleep/"):]) / 1000.0)
    body = {"message": GREETING, "method": req.method, "path": req.path, "query": req.query, "body": req.text()}
    return status, {"Content-Type": "application/json"}, body
