package io.stoker.function;

/**
 * What a Java function implements. One instance serves every call, from several threads at once
 * (up to the function's concurrency limit), so keep it thread-safe.
 */
public interface Handler {

    /** Answers one HTTP call; an exception becomes a 500 whose body is the exception's message. */
    Response handle(Request request) throws Exception;
}
