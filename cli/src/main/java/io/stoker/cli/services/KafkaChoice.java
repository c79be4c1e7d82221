package io.stoker.cli.services;

import io.stoker.cli.output.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Remembers, in the Stoker home, that the last {@code up} ran without the local broker ({@code --no-kafka}), so
 * {@code status} reports it as off rather than down, and does not count it as a failure.
 */
public final class KafkaChoice {

    private KafkaChoice() {}

    private static Path marker(Path stokerHome) {
        return stokerHome.resolve("run/kafka.off");
    }

    /** Whether the local broker is part of this Stoker (true unless the last {@code up} said --no-kafka). */
    public static boolean wanted(Path stokerHome) {
        return !Files.exists(marker(stokerHome));
    }

    /** Records what {@code up} was asked for; {@code down} forgets it ({@code wanted} is true again). */
    public static void remember(Path stokerHome, boolean withKafka) {
        try {
            if (withKafka) {
                Files.deleteIfExists(marker(stokerHome));
            } else {
                Files.createDirectories(marker(stokerHome).getParent());
                Files.writeString(marker(stokerHome), "bin/stoker up --no-kafka\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker(stokerHome), e);
        }
    }

    /** The broker's place in the services when it is left out on purpose: starts nothing, reports "off". */
    static Service leftOut() {
        ServiceStatus off = new ServiceStatus("kafka", "off",
                "not started (bin/stoker up --no-kafka); `bin/stoker up` starts it");
        return new Service() {
            @Override
            public String name() {
                return "kafka";
            }

            @Override
            public void up(Console console) {
                console.info("kafka: " + off.detail());
            }

            @Override
            public void down(Console console) {
                // nothing was started
            }

            @Override
            public ServiceStatus status() {
                return off;
            }
        };
    }
}
