package io.stoker.gateway.records;

/** The record store could not be read (the API answers 503 with this message). */
public class RecordStoreException extends RuntimeException {

    public RecordStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
