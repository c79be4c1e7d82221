package io.stoker.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.cli.CliRunner;
import io.stoker.cli.RealGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: `stoker deploy DIR` of a dockerfile folder whose entrypoint is an executable script, on
 * a real gateway and engine. The image starts only if start.sh kept its exec bit, and the answer
 * comes from bin/answer, a second executable the server runs; a server that cannot run it says so.
 */
class DeployKeepsFileModesIT {

    /** Its own name per run, so its image never meets another run's. */
    static final String NAME = "modes-e2e-" + ProcessHandle.current().pid();

    static final String DOCKERFILE = """
            FROM stoker/python:bookworm
            ENV PORT=8080 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
            COPY . /app
            USER 65534:65534
            CMD ["/app/start.sh"]
            """;

    static final String SERVER = """
            import os, subprocess
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

            class Answer(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"

                def do_GET(self):
                    self.reply()

                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length") or 0))
                    self.reply()

                def reply(self):
                    try:
                        out = subprocess.run(["/app/bin/answer"], capture_output=True, check=True).stdout
                        status = 200
                    except OSError as e:
                        out, status = ("cannot run bin/answer: %s\\n" % e).encode(), 500
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)

            ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Answer).serve_forever()
            """;

    @TempDir
    Path tmp;

    @Test
    void aDeployedFolderKeepsItsScriptsExecutable() throws Exception {
        Path fn = tmp.resolve(NAME);
        write(fn.resolve("stoker.yaml"), "name: " + NAME + "\ntemplate: dockerfile\nscale:\n  min: 1\n  max: 1\n", "rw-r--r--");
        write(fn.resolve("Dockerfile"), DOCKERFILE, "rw-r--r--");
        write(fn.resolve("server.py"), SERVER, "rw-r--r--");
        write(fn.resolve("start.sh"), "#!/bin/sh\nexec python3 /app/server.py\n", "rwxr-xr-x");
        write(fn.resolve("bin/answer"), "#!/bin/sh\necho \"answer from bin/answer\"\n", "rwxr-xr-x");

        try (RealGateway gateway = RealGateway.start("modes-e2e")) {
            CliRunner cli = new CliRunner(tmp).gateway(gateway.url());
            cli.env.put("STOKER_HOME", gateway.home.toString()); // the gateway writes its token there
            try {
                CliRunner.Result deploy = cli.run("deploy", fn.toString());
                assertThat(deploy.exitCode()).as(deploy.out() + deploy.err() + gateway.log()).isZero();

                CliRunner.Result invoke = cli.run("invoke", NAME, "-d", "ping");
                assertThat(invoke.exitCode()).as(invoke.out() + invoke.err()).isZero();
                assertThat(invoke.out()).contains("answer from bin/answer");
            } finally {
                cli.run("delete", NAME);
            }
        } finally {
            RealGateway.docker("images", "-q", "stoker-fn/" + NAME).lines()
                    .forEach(id -> RealGateway.docker("rmi", "-f", id));
        }
    }

    private static void write(Path file, String content, String perms) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
    }
}
