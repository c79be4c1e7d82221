package io.stoker.gateway.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which scope each management call needs, from its method and path alone (a pure function, so the rules are read and
 * tested in one place):
 *
 * <ol>
 *   <li>{@code /v1/tokens} and {@code /v1/audit}, any method: admin (who holds which access is the admin's).
 *   <li>Any other GET or HEAD: read.
 *   <li>Creating or updating a function ({@code PUT /v1/functions/NAME}, {@code POST .../source}, {@code POST
 *       .../push}) and creating or replacing a secret ({@code POST} or {@code PUT /v1/secrets/NAME}): deploy.
 *   <li>Everything else (every DELETE, registry logins): admin.
 * </ol>
 *
 * A call on {@code /v1/functions/NAME...} names the function, so a token limited to some functions makes it only for
 * those.
 */
public final class Access {

    /** What a call needs: a scope, and the function it touches (null when it names none). */
    public record Need(Scope scope, String function) {}

    private static final Pattern FUNCTION = Pattern.compile("/v1/functions/([^/]+)(/.*)?");
    private static final Pattern DEPLOYS = Pattern.compile("/v1/functions/[^/]+(/source|/push)?/?");
    private static final Pattern SECRET = Pattern.compile("/v1/secrets/[^/]+/?");

    private Access() {}

    public static Need of(String method, String path) {
        Matcher f = FUNCTION.matcher(path);
        String function = f.matches() ? f.group(1) : null;
        if (path.startsWith("/v1/tokens") || path.startsWith("/v1/audit")) {
            return new Need(Scope.ADMIN, null);
        }
        if (method.equals("GET") || method.equals("HEAD")) {
            return new Need(Scope.READ, function);
        }
        boolean deploy = switch (method) {
            case "PUT" -> DEPLOYS.matcher(path).matches() && !path.contains("/source") && !path.contains("/push")
                    || SECRET.matcher(path).matches();
            case "POST" -> DEPLOYS.matcher(path).matches() && (path.contains("/source") || path.contains("/push"))
                    || SECRET.matcher(path).matches();
            default -> false;
        };
        return new Need(deploy ? Scope.DEPLOY : Scope.ADMIN, function);
    }
}
