"""Echoes the Kafka record it is called for; fails every record whose key starts with 'bad-'; a record whose key
starts with 'poison-' ends the function's process (a crash the record itself causes). DELAY_MS, if set, is how
long each call takes, so that a fault can find calls in flight."""
import json
import os
import time

DELAY = float(os.environ.get("DELAY_MS", "0")) / 1000.0


def handle(req):
    key = req.headers.get("ce-kafkakey", "")
    if key.startswith("poison-"):
        os._exit(3)
    if key.startswith("bad-"):
        return 500, {"Content-Type": "text/plain"}, "refusing " + key
    if DELAY:
        time.sleep(DELAY)
    answer = {
        "key": key,
        "id": req.headers.get("ce-id", ""),
        "type": req.headers.get("ce-type", ""),
        "source": req.headers.get("ce-source", ""),
        "contentType": req.headers.get("content-type", ""),
        "value": req.text(),
    }
    return 200, {"Content-Type": "application/json"}, json.dumps(answer)
