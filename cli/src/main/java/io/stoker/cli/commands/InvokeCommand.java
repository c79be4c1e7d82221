package io.stoker.cli.commands;

import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.gateway.GatewayClient;
import io.stoker.cli.output.Console;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code stoker invoke NAME}: calls the function through the gateway and prints its answer's body; with
 * {@code --async}, hands the call to the gateway to run later and prints its call id.
 */
@Command(mixinStandardHelpOptions = true, name = "invoke", description = {
    "Call a function through the gateway and print the body of its answer.",
    "With --async the call runs later (durable, retried) and its call id is printed; --callback URL gets the answer.",
    "Exits 1 when the answer is not 2xx (the status goes to stderr)."})
public final class InvokeCommand implements Callable<Integer> {

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = {"-d", "--data"}, paramLabel = "DATA", description = "Request body.")
    String data;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Request body from a file ('-' for stdin).")
    String file;

    @Option(names = {"-H", "--header"}, paramLabel = "'K: V'", description = "Request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--path", paramLabel = "/x", description = "Path (and query) after /function/NAME (default /).")
    String path = "/";

    @Option(names = {"-X", "--method"}, paramLabel = "METHOD", description = "HTTP method (default POST with a body, else GET).")
    String method;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default 300).")
    int timeoutSeconds = 300;

    @Option(names = "--async", description = "Run the call later (POST /async-function/NAME): print its call id.")
    boolean async;

    @Option(names = "--callback", paramLabel = "URL", description = "With --async: POST the answer here when the call ends.")
    String callback;

    @Override
    public Integer call() {
        Args.name(spec, name);
        if (data != null && file != null) {
            throw Args.usage(spec, "give -d DATA or -f FILE, not both");
        }
        if (callback != null && !async) {
            throw Args.usage(spec, "--callback needs --async");
        }
        byte[] body = body();
        String verb = method != null ? method.toUpperCase(Locale.ROOT) : body != null ? "POST" : "GET";
        if (!verb.matches("[A-Z]+")) {
            throw Args.usage(spec, "-X '" + method + "' is not an HTTP method");
        }
        GatewayClient client = root.client();
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(client))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .method(verb, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean hasType = false;
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw Args.usage(spec, "-H '" + h + "' must look like 'Name: value'");
            }
            String k = h.substring(0, colon).strip();
            hasType |= k.equalsIgnoreCase("Content-Type");
            try {
                req.header(k, h.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw Args.usage(spec, "-H '" + h + "': " + e.getMessage());
            }
        }
        if (callback != null) {
            req.header("X-Callback-Url", callback);
        }
        if (body != null && !hasType) {
            req.header("Content-Type", file != null ? "application/octet-stream" : guessType(data));
        }
        // Never send the management token on an invoke: the gateway forwards Authorization to the function.
        HttpResponse<byte[]> resp = client.invoke(req);
        Console console = root.context().console();
        String text = new String(resp.body(), StandardCharsets.UTF_8);
        if (async && resp.statusCode() == 202) {
            console.out().println(resp.headers().firstValue("X-Call-Id").orElse(""));
            console.out().flush();
            return 0;
        }
        console.out().print(text);
        if (console.outIsTerminal() && !text.isEmpty() && !text.endsWith("\n")) {
            console.out().println();
        }
        console.out().flush();
        if (resp.statusCode() / 100 != 2) {
            console.error(name + " answered HTTP " + resp.statusCode());
            return 1;
        }
        return 0;
    }

    private URI uri(GatewayClient client) {
        String p = path.startsWith("/") ? path : "/" + path;
        try {
            return async ? client.asyncInvokeUri(name, p) : client.invokeUri(name, p);
        } catch (IllegalArgumentException e) {
            throw Args.usage(spec, "--path '" + path + "' is not a valid URL path: " + e.getMessage());
        }
    }

    private byte[] body() {
        if (data != null) {
            return data.getBytes(StandardCharsets.UTF_8);
        }
        if (file == null) {
            return null;
        }
        try {
            return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** JSON when it looks like JSON, else plain text: what curl users usually mean with -d. */
    static String guessType(String data) {
        String t = data.strip();
        return (t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))
                ? "application/json" : "text/plain; charset=utf-8";
    }
}
