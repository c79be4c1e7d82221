package io.stoker.cli;

import io.stoker.cli.system.Host;
import java.nio.file.Files;
import java.nio.file.Path;

/** A host whose uid tests choose; signals and liveness go to real processes through ProcessHandle. */
public final class FakeHost implements Host {

    public int uid = 0;

    @Override
    public int effectiveUid() {
        return uid;
    }

    @Override
    public boolean isatty(int fd) {
        return false;
    }

    @Override
    public boolean canReadWrite(Path path) {
        return Files.isReadable(path) && Files.isWritable(path);
    }

    @Override
    public boolean kill(long pid, Signal signal) {
        return ProcessHandle.of(pid).map(h -> signal == Signal.KILL ? h.destroyForcibly() : h.destroy()).orElse(false);
    }

    @Override
    public boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
