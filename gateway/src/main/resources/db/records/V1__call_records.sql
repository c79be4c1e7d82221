-- One row per call id (an async call's row is upserted as it goes: accepted, running, ended).
-- Times are epoch microseconds (0: did not happen). ${bytes} is the binary type of the database (Flyway placeholder).
CREATE TABLE call_record (
    id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    function_name  VARCHAR(128) NOT NULL,
    spec_hash      VARCHAR(128),
    trigger_kind   VARCHAR(16)  NOT NULL,
    status         VARCHAR(24)  NOT NULL,
    http_status    INTEGER      NOT NULL,
    arrival_us     BIGINT       NOT NULL,
    start_us       BIGINT       NOT NULL,
    end_us         BIGINT       NOT NULL,
    queue_wait_us  BIGINT       NOT NULL,
    start_kind     VARCHAR(8)   NOT NULL,
    start_took_us  BIGINT       NOT NULL,
    instance_id    VARCHAR(128),
    attempts       INTEGER      NOT NULL,
    error          VARCHAR(4000),
    result_headers VARCHAR(65536),
    result_body    ${bytes}
);
-- Newest first over all functions, and per function (the list's keyset order and retention by count).
CREATE INDEX call_record_arrival ON call_record (arrival_us, id);
CREATE INDEX call_record_function ON call_record (function_name, arrival_us, id);
