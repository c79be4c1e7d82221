"""Tries each way out of a function container and reports it; see stoker.yaml. Every probe answers
"refused: <why>" when the way is closed, or "REACHED: <what>" when it is open. GET /call?port=P&path=X calls the
gateway at the host side of the bridge, e.g. another function's invoke route, which stays open to functions."""
import json
import os
import socket
import subprocess
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TIMEOUT = 3


def default_gateway():
    with open("/proc/net/route") as routes:
        for line in routes.readlines()[1:]:
            f = line.split()
            if f[1] == "00000000":
                return socket.inet_ntoa(bytes.fromhex(f[2])[::-1])
    return None


def connect(host, port):
    """A TCP connection, or an exception saying why not."""
    return socket.create_connection((host, port), timeout=TIMEOUT)


def http_get(host, port, path, token):
    """The gateway's answer to GET path: refused unless a connection is made and the answer is not Stoker's 403."""
    try:
        s = connect(host, port)
    except OSError as e:
        return "refused: no connection (%s)" % e
    try:
        s.settimeout(TIMEOUT)
        request = "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n" % (path, host)
        if token:
            request += "Authorization: Bearer %s\r\n" % token
        s.sendall((request + "\r\n").encode())
        data = b""
        while len(data) < 65536:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError as e:
        return "refused: connected, then %s" % e
    finally:
        s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode("latin-1")
    if " 403 " in status + " " and b"function_network" in body:
        return "refused: HTTP 403 function_network"
    return "REACHED: %s, %d bytes" % (status or "an empty answer", len(body))


def tcp(host, port):
    try:
        connect(host, port).close()
        return "REACHED: connected to %s:%s" % (host, port)
    except OSError as e:
        return "refused: %s" % e


def unix(path):
    if not os.path.exists(path):
        return "refused: %s does not exist" % path
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    try:
        s.connect(path)
        return "REACHED: connected to %s" % path
    except OSError as e:
        return "refused: %s" % e
    finally:
        s.close()


def write(directory):
    path = os.path.join(directory, "probe-" + uuid.uuid4().hex)
    try:
        with open(path, "w") as f:
            f.write("x")
    except OSError as e:
        return "refused: %s" % e.strerror
    os.unlink(path)
    return "REACHED: wrote %s" % path


def run(argv):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    except OSError as e:
        return None, str(e)
    return p.returncode, (p.stdout + p.stderr).strip()


def setuid():
    code, out = run(["/usr/local/bin/setuid-id"])
    if code is None:
        return "refused: %s" % out
    if "euid=0" in out or out.startswith("uid=0"):
        return "REACHED: %s" % out
    return "refused: ran as %s" % out


def refused_unless_zero(argv):
    code, out = run(argv)
    if code == 0:
        return "REACHED: %s exited 0 (%s)" % (" ".join(argv), out[:200])
    return "refused: %s" % (out[:200] or "exit %s" % code)


def capabilities():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("CapEff:"):
                value = int(line.split()[1], 16)
                return "refused: no effective capabilities" if value == 0 else "REACHED: CapEff %x" % value
    return "refused: no CapEff line"


def raw_socket():
    try:
        socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).close()
        return "REACHED: opened a raw socket"
    except OSError as e:
        return "refused: %s" % e


def fork_bomb(limit):
    """Starts processes until the engine's pids limit stops it, or until well past the limit."""
    children, error = [], None
    try:
        for _ in range(limit + 64):
            children.append(subprocess.Popen(["sleep", "30"], stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    except OSError as e:
        error = e
    finally:
        for c in children:
            c.kill()
        for c in children:
            c.wait()
    if error is None:
        return "REACHED: started %d processes without being stopped" % len(children)
    return "refused: stopped after %d processes (%s)" % (len(children), error)


def read_secret(relative):
    path = os.path.join("/var/stoker/secrets", relative)
    try:
        with open(path, "rb") as f:
            return "REACHED: read %d bytes of %s" % (len(f.read()), path)
    except OSError as e:
        return "refused: %s" % e.strerror


def probe(q):
    one = lambda k, d="": q.get(k, [d])[0]
    port = int(one("port", "0"))
    token = one("token")
    report = {}
    gateway = default_gateway()
    hosts = [h for h in one("hosts").split(",") if h]
    if gateway:
        hosts.insert(0, gateway)
    for name in ("host.docker.internal", "gateway.docker.internal"):
        try:
            hosts.append(socket.gethostbyname(name))
        except OSError:
            report["resolve " + name] = "refused: no such name"
    for host in dict.fromkeys(hosts):
        report["management API via %s" % host] = http_get(host, port, "/v1/functions", token)
        report["metrics via %s" % host] = http_get(host, port, "/q/metrics", "")
        report["health via %s" % host] = http_get(host, port, "/q/health", "")
        report["docker API tcp via %s:2375" % host] = tcp(host, 2375)
        if one("loopback"):
            report["host loopback service via %s" % host] = tcp(host, int(one("loopback")))
    if one("loopback"):
        report["host loopback service via 127.0.0.1"] = tcp("127.0.0.1", int(one("loopback")))
    if one("other"):
        h, _, p = one("other").rpartition(":")
        report["other function's container %s" % one("other")] = tcp(h, int(p))
    for path in ("/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"):
        report["socket " + path] = unix(path)
    for d in ("/", "/usr", "/etc", "/var", "/srv", "/root", "/home", "/dev", "/dev/shm", "/var/stoker/secrets",
              "/proc/sys/kernel", "/sys/fs/cgroup"):
        report["write in " + d] = write(d)
    report["setuid-root binary"] = setuid()
    report["unshare -r (user namespace)"] = refused_unless_zero(["unshare", "-r", "true"])
    report["unshare -m (mount namespace)"] = refused_unless_zero(["unshare", "-m", "true"])
    report["unshare -n (network namespace)"] = refused_unless_zero(["unshare", "-n", "true"])
    os.makedirs("/tmp/mnt", exist_ok=True)
    report["mount -t tmpfs"] = refused_unless_zero(["mount", "-t", "tmpfs", "none", "/tmp/mnt"])
    report["effective capabilities"] = capabilities()
    report["raw socket"] = raw_socket()
    report["fork past the pids limit"] = fork_bomb(int(one("pids", "256")))
    if one("secret"):
        report["another function's secret " + one("secret")] = read_secret(one("secret"))
    return report


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        if url.path.endswith("/probe"):
            body = probe(q)
        elif url.path.endswith("/call"):
            host = q.get("host", [default_gateway()])[0]
            body = {"answer": http_get(host, int(q["port"][0]), q["path"][0], "")}
        elif url.path.endswith("/egress"):
            body = {"egress": tcp(q["host"][0], int(q["port"][0]))}
        else:
            body = {"ok": True}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
