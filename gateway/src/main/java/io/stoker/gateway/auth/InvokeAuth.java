package io.stoker.gateway.auth;

import io.stoker.gateway.call.CallError;
import io.stoker.gateway.call.CallFailure;
import io.stoker.runtime.spec.FunctionSpec;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Per-function invoke auth, one check for every invoke route (sync, async, any later one): a function with
 * {@code auth: token} takes a call only with an {@code invoke} token scoped to it, or the admin token (401 without a
 * valid token, 403 with one of another scope or function). An admitted call's {@code Authorization} header is removed,
 * so the function never sees the token. A {@code public} function costs one field read.
 */
@ApplicationScoped
public class InvokeAuth {

    private final ScopedTokens tokens;

    public InvokeAuth(ScopedTokens tokens) {
        this.tokens = tokens;
    }

    /** Null when the call may go on (its Authorization header then removed if it was checked); else why not. */
    public CallError check(HttpServerRequest request, FunctionSpec fn) {
        if (fn.auth() == FunctionSpec.Auth.PUBLIC) {
            return null;
        }
        String header = request.getHeader("authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return new CallError(CallFailure.UNAUTHORIZED, "function '" + fn.name() + "' needs a token: send"
                    + " 'Authorization: Bearer <token>' with an invoke token for it (stoker token create --scope invoke"
                    + " --function " + fn.name() + ")");
        }
        Caller caller = tokens.resolve(header.substring("Bearer ".length()).trim()).orElse(null);
        if (caller == null) {
            return new CallError(CallFailure.UNAUTHORIZED, "the bearer token is not valid (unknown, revoked or"
                    + " expired)");
        }
        if (!caller.may(new Access.Need(Scope.INVOKE, fn.name()))) {
            return new CallError(CallFailure.FORBIDDEN, "calling function '" + fn.name() + "' needs a token of scope"
                    + " 'invoke' for it (or admin); this one is '" + caller.scope().text() + "'"
                    + (caller.functions().isEmpty() ? "" : " for " + caller.functions()));
        }
        request.headers().remove("authorization");
        return null;
    }
}
