package io.stoker.cli.system;

import java.nio.file.Path;
import jnr.constants.platform.Errno;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** {@link Host} on the real machine, through jnr-posix's native POSIX calls. */
public final class PosixHost implements Host {

    private static final int R_OK = 4;
    private static final int W_OK = 2;

    private final POSIX posix;

    private PosixHost(POSIX posix) {
        this.posix = posix;
    }

    public static PosixHost create() {
        return new PosixHost(POSIXFactory.getNativePOSIX());
    }

    @Override
    public int effectiveUid() {
        return posix.geteuid();
    }

    @Override
    public boolean isatty(int fd) {
        return posix.isatty(fd) == 1;
    }

    @Override
    public boolean canReadWrite(Path path) {
        return posix.access(path.toString(), R_OK | W_OK) == 0;
    }

    @Override
    public boolean kill(long pid, Signal signal) {
        return posix.kill(pid, signal.number) == 0;
    }

    @Override
    public boolean alive(long pid) {
        if (posix.kill(pid, 0) == 0) {
            return true;
        }
        // EPERM: it exists but belongs to someone else
        return posix.errno() == Errno.EPERM.intValue();
    }
}
