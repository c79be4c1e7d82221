package io.stoker.runtime.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the engine's event sequences become exits and their causes. */
class DockerEventsTest {

    private final DockerEvents events = new DockerEvents();

    private static Event event(String action, String id, Map<String, String> attributes) {
        return new Event().withAction(action).withTimenano(1_700_000_000_123_456_789L)
                .withEventActor(new EventActor().withId(id).withAttributes(attributes));
    }

    private Optional<ContainerExit> die(String id, int code) {
        return events.accept(event("die", id, Map.of("exitCode", Integer.toString(code))));
    }

    @Test
    void aProcessThatEndsByItselfExited() {
        assertThat(die("a", 3)).map(ContainerExit::cause).contains(ExitCause.EXITED);
        assertThat(die("b", 0)).map(ContainerExit::cause).contains(ExitCause.EXITED);
        assertThat(die("c", 139)).as("a crash (SIGSEGV) is the process's own end").map(ContainerExit::cause)
                .contains(ExitCause.EXITED);
    }

    @Test
    void aKillEventBeforeTheDieMeansKilledFromOutsideWhateverTheCode() {
        assertThat(events.accept(event("kill", "a", Map.of("signal", "15")))).isEmpty();
        assertThat(die("a", 0)).map(ContainerExit::cause).contains(ExitCause.KILLED);
        assertThat(die("a", 0)).as("the kill is forgotten once its die came").map(ContainerExit::cause)
                .contains(ExitCause.EXITED);
    }

    @Test
    void anOomEventBeforeTheDieIsOutOfMemoryEvenWithTheKillThatFollows() {
        events.accept(event("oom", "a", Map.of()));
        events.accept(event("kill", "a", Map.of("signal", "9")));
        assertThat(die("a", 137)).map(ContainerExit::cause).contains(ExitCause.OUT_OF_MEMORY);
    }

    @Test
    void sigkillOrSigtermWithoutItsEventStillCountsAsKilled() {
        assertThat(die("a", 137)).map(ContainerExit::cause).contains(ExitCause.KILLED);
        assertThat(die("b", 143)).map(ContainerExit::cause).contains(ExitCause.KILLED);
    }

    @Test
    void theExitCarriesTheEventsTimeAndCode() {
        ContainerExit exit = die("a", 3).orElseThrow();
        assertThat(exit.at()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(DockerEvents.since(exit.at())).isEqualTo("1700000000.123456789");
    }

    @Test
    void killsThatNeverDieDoNotPileUp() {
        for (int i = 0; i < 5_000; i++) {
            events.accept(event("kill", "c" + i, Map.of("signal", "10")));
        }
        assertThat(die("c0", 0)).as("the oldest was let go").map(ContainerExit::cause).contains(ExitCause.EXITED);
        assertThat(die("c4999", 0)).map(ContainerExit::cause).contains(ExitCause.KILLED);
    }
}
