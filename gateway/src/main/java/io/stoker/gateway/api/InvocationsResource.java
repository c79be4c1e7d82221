package io.stoker.gateway.api;

import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecords;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.records.Cursor;
import io.stoker.gateway.records.RecordPage;
import io.stoker.gateway.records.RecordQuery;
import io.stoker.gateway.records.RecordStoreException;
import io.stoker.gateway.records.RecordsConfig;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The record of every call: a filtered, newest-first list with cursor pages, and one call by id with its result. */
@Path("/v1/invocations")
@Produces(MediaType.APPLICATION_JSON)
public class InvocationsResource {

    private final CallRecords records;
    private final RecordsConfig config;
    private final Clock clock;

    public InvocationsResource(CallRecords records, RecordsConfig config, Clock clock) {
        this.records = records;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @Blocking
    public Map<String, Object> list(@QueryParam("function") String function, @QueryParam("status") String status,
                                    @QueryParam("trigger") String trigger, @QueryParam("since") String since,
                                    @QueryParam("limit") @DefaultValue("50") int limit,
                                    @QueryParam("cursor") String cursor) {
        requireOn();
        if (limit < 1 || limit > RecordQuery.MAX_LIMIT) {
            throw bad("limit must be between 1 and " + RecordQuery.MAX_LIMIT + ", was " + limit);
        }
        RecordQuery query = new RecordQuery(blankToNull(function), status(status), trigger(trigger),
                sinceMicros(since), limit, cursor(cursor));
        RecordPage page = read(() -> records.list(query));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("invocations", page.records().stream().map(r -> RecordView.of(r, false)).toList());
        out.put("next", page.next() == null ? null : page.next().encode());
        return out;
    }

    @GET
    @Path("{id}")
    @Blocking
    public Map<String, Object> get(@PathParam("id") String id) {
        requireOn();
        CallRecord record = read(() -> records.find(id)).orElseThrow(() -> new WebApplicationException(
                ApiError.response(404, "invocation_not_found", "no record of a call with id '" + id
                        + "' (records are kept " + config.retention().maxAge().toDays() + " days, at most "
                        + config.retention().maxPerFunction() + " per function; see GET /v1/invocations)")));
        return RecordView.of(record, true);
    }

    private void requireOn() {
        if (!config.enabled()) {
            throw new WebApplicationException(ApiError.response(503, "records_disabled",
                    "call records are off in this gateway (stoker.records.enabled=false)"));
        }
    }

    private static <T> T read(java.util.function.Supplier<T> reading) {
        try {
            return reading.get();
        } catch (RecordStoreException e) {
            throw new WebApplicationException(ApiError.response(503, "record_store_unavailable", e.getMessage()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static CallStatus status(String text) {
        return tag("status", text, CallStatus.class, CallStatus::tag);
    }

    private static Trigger trigger(String text) {
        return tag("trigger", text, Trigger.class, Trigger::tag);
    }

    /** The constant of {@code type} whose tag {@code text} is; null when absent; a 400 listing the tags when none. */
    private static <E extends Enum<E>> E tag(String parameter, String text, Class<E> type,
                                             java.util.function.Function<E, String> tagOf) {
        if (blankToNull(text) == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (tagOf.apply(e).equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw bad(parameter + " '" + text + "' is not one of " + Arrays.stream(type.getEnumConstants()).map(tagOf)
                .collect(Collectors.joining(", ")));
    }

    private long sinceMicros(String text) {
        Instant from = Since.parse(text, clock);
        return from == null ? 0 : from.getEpochSecond() * 1_000_000L + from.getNano() / 1000;
    }

    private static Cursor cursor(String text) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return Cursor.decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private static WebApplicationException bad(String message) {
        return new WebApplicationException(ApiError.response(400, "invalid_parameter", message));
    }

    /** The JSON shape of a record: times as ISO-8601 instants, durations in milliseconds. */
    static final class RecordView {

        private RecordView() {}

        static Map<String, Object> of(CallRecord r, boolean withResult) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", r.id());
            out.put("function", r.function());
            out.put("specHash", r.specHash());
            out.put("trigger", r.trigger().tag());
            out.put("status", r.status().tag());
            out.put("httpStatus", r.httpStatus());
            out.put("arrival", instant(r.arrivalMicros()));
            out.put("start", instant(r.startMicros()));
            out.put("end", instant(r.endMicros()));
            out.put("durationMs", r.endMicros() == 0 ? null : millis(r.endMicros() - r.arrivalMicros()));
            out.put("queueWaitMs", millis(r.queueWaitMicros()));
            out.put("startKind", r.startKind().tag());
            out.put("startTookMs", millis(r.startTookMicros()));
            out.put("instance", r.instanceId());
            out.put("attempts", r.attempts());
            out.put("error", r.error());
            boolean hasResult = r.resultBody() != null || !r.resultHeaders().isEmpty();
            out.put("hasResult", hasResult);
            if (withResult && hasResult) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("headers", r.resultHeaders());
                byte[] body = r.resultBody() == null ? new byte[0] : r.resultBody();
                String text = utf8(body);
                if (text != null) {
                    result.put("body", text);
                } else {
                    result.put("bodyBase64", java.util.Base64.getEncoder().encodeToString(body));
                }
                out.put("result", result);
            }
            return out;
        }

        private static String instant(long micros) {
            return micros == 0 ? null : Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
        }

        private static double millis(long micros) {
            return micros / 1000.0;
        }

        private static String utf8(byte[] body) {
            try {
                return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(body)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                return null;
            }
        }
    }
}
