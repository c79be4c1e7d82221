-- The audit log of management calls (who: a token id, never a token; what: method and path, never a body).
-- Times are epoch microseconds; seq keeps the order of entries made in the same microsecond.
CREATE TABLE audit_entry (
    seq       INTEGER PRIMARY KEY,
    at_us     BIGINT        NOT NULL,
    token_id  VARCHAR(64)   NOT NULL,
    scope     VARCHAR(16)   NOT NULL,
    method    VARCHAR(16)   NOT NULL,
    path      VARCHAR(2048) NOT NULL,
    status    INTEGER       NOT NULL
);
CREATE INDEX audit_entry_at ON audit_entry (at_us, seq);
