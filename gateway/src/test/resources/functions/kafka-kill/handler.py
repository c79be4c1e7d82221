"""Echoes the Kafka record it is called for, fails every record whose key starts with 'bad-', and answers
/slow?ms=N after sleeping N ms, so HTTP calls are in flight when a test kills the gateway."""
import json
import time
from urllib.parse import parse_qs


def handle(req):
    if req.path.startswith("/slow"):
        ms = int(parse_qs(req.query).get("ms", ["2000"])[0])
        time.sleep(ms / 1000.0)
        return 200, {"Content-Type": "text/plain"}, "slept %d ms" % ms
    key = req.headers.get("ce-kafkakey", "")
    if key.startswith("bad-"):
        return 500, {"Content-Type": "text/plain"}, "refusing " + key
    answer = {
        "key": key,
        "id": req.headers.get("ce-id", ""),
        "value": req.text(),
    }
    return 200, {"Content-Type": "application/json"}, json.dumps(answer)
