"""stoker-greeting: a tiny library the python-deps example installs from a local wheel.

PyPI may be out of reach (it is on Stoker's own build machines), so the example brings its one
dependency as a wheel built from this folder; see ../README.md.
"""

__version__ = "1.0"


def greet(name):
    """A greeting only this library words this way."""
    return "stoker-greeting %s says: hello, %s!" % (__version__, name)
