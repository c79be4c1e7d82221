"""Echoes the body as is: the chaos run's HTTP calls and Kafka records each carry a unique id, and the reply is it."""


def handle(req):
    return 200, {"Content-Type": "text/plain"}, req.body
