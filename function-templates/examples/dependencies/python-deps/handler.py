"""A python function using a library installed by pip at build time (stoker-greeting, a local wheel)."""
import importlib.metadata
import os

import stoker_greeting

# Bumped by hand (and by the tests) to see a code-only redeploy reuse the dependency layers.
REVISION = 1


def handle(req):
    name = req.text().strip() or "world"
    return {
        "message": os.environ.get("GREETING", "hello from python with dependencies"),
        "greeting": stoker_greeting.greet(name),
        # Only pip leaves this metadata behind; the module's path shows where the image keeps packages.
        "library": "stoker-greeting@" + importlib.metadata.version("stoker-greeting"),
        "libraryFile": stoker_greeting.__file__,
        "revision": REVISION,
    }
