package io.stoker.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each kind of management call, the scope it needs, and which tokens may make it. */
class AccessTest {

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of("GET", "/v1/functions", Scope.READ, null),
                Arguments.of("GET", "/v1/functions/hello", Scope.READ, "hello"),
                Arguments.of("GET", "/v1/functions/hello/logs", Scope.READ, "hello"),
                Arguments.of("GET", "/v1/secrets", Scope.READ, null),
                Arguments.of("GET", "/v1/registries", Scope.READ, null),
                Arguments.of("PUT", "/v1/functions/hello", Scope.DEPLOY, "hello"),
                Arguments.of("POST", "/v1/functions/hello/source", Scope.DEPLOY, "hello"),
                Arguments.of("POST", "/v1/functions/hello/push", Scope.DEPLOY, "hello"),
                Arguments.of("POST", "/v1/secrets/db", Scope.DEPLOY, null),
                Arguments.of("PUT", "/v1/secrets/db", Scope.DEPLOY, null),
                Arguments.of("DELETE", "/v1/functions/hello", Scope.ADMIN, "hello"),
                Arguments.of("DELETE", "/v1/secrets/db", Scope.ADMIN, null),
                Arguments.of("PUT", "/v1/registries/127.0.0.1:5000", Scope.ADMIN, null),
                Arguments.of("PUT", "/v1/functions/hello/source", Scope.ADMIN, "hello"),
                Arguments.of("GET", "/v1/tokens", Scope.ADMIN, null),
                Arguments.of("POST", "/v1/tokens", Scope.ADMIN, null),
                Arguments.of("DELETE", "/v1/tokens/abc", Scope.ADMIN, null),
                Arguments.of("GET", "/v1/audit", Scope.ADMIN, null),
                Arguments.of("PATCH", "/v1/functions/hello", Scope.ADMIN, "hello"));
    }

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @MethodSource("calls")
    void eachCallNeedsItsScope(String method, String path, Scope scope, String function) {
        Access.Need need = Access.of(method, path);
        assertThat(need).isEqualTo(new Access.Need(scope, function));
        for (Scope held : Scope.values()) {
            boolean expected = held == Scope.ADMIN || held == scope
                    || held == Scope.DEPLOY && scope == Scope.READ;
            assertThat(new Caller("t", held, Set.of()).may(need)).as(held + " on " + method + " " + path)
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("calls")
    void aTokenForSomeFunctionsMakesFunctionCallsOnlyForThem(String method, String path, Scope scope, String function) {
        Caller forOther = new Caller("t", Scope.DEPLOY, Set.of("other"));
        Access.Need need = Access.of(method, path);
        boolean scopeOk = Scope.DEPLOY.grants(need.scope());
        assertThat(forOther.may(need)).isEqualTo(scopeOk && function == null);
    }

    @org.junit.jupiter.api.Test
    void anInvokeTokenMayInvokeOnlyItsFunctionsAndNothingOnV1() {
        Caller invoke = new Caller("t", Scope.INVOKE, Set.of("hello"));
        assertThat(invoke.may(new Access.Need(Scope.INVOKE, "hello"))).isTrue();
        assertThat(invoke.may(new Access.Need(Scope.INVOKE, "other"))).isFalse();
        assertThat(invoke.may(Access.of("GET", "/v1/functions/hello"))).isFalse();
        assertThat(Caller.ADMIN.may(new Access.Need(Scope.INVOKE, "any"))).isTrue();
        assertThat(new Caller("t", Scope.DEPLOY, Set.of()).may(new Access.Need(Scope.INVOKE, "hello"))).isFalse();
    }
}
