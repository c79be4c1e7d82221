"""/secret?name=N&key=K: how the file /var/stoker/secrets/N/K looks from here; /env: hashes of the environment's
values; /headers: the headers this call carried."""
import hashlib
import os
from urllib.parse import parse_qs


def sha(data):
    return hashlib.sha256(data).hexdigest()


def mount_of(path):
    best = ("", "", "")
    with open("/proc/mounts") as mounts:
        for line in mounts:
            dev, point, fstype, opts = line.split()[:4]
            if path.startswith(point) and len(point) > len(best[0]):
                best = (point, fstype, opts)
    return best


def handle(req):
    q = parse_qs(req.query)
    if req.path == "/secret":
        path = "/var/stoker/secrets/%s/%s" % (q["name"][0], q["key"][0])
        st = os.stat(path)
        with open(path, "rb") as f:
            content = f.read()
        point, fstype, opts = mount_of(path)
        try:
            with open(path, "ab"):
                writable = True
        except OSError:
            writable = False
        return {"mode": oct(st.st_mode & 0o777)[2:], "uid": st.st_uid, "gid": st.st_gid, "sha256": sha(content),
                "fstype": fstype, "readOnly": "ro" in opts.split(","), "writable": writable,
                "myUid": os.getuid()}
    if req.path == "/env":
        return {"sha256": sorted(sha(v.encode()) for v in os.environ.values())}
    if req.path == "/headers":
        return {"received": dict(req.headers)}
    return "probe"
