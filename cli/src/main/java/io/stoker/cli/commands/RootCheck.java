package io.stoker.cli.commands;

import io.stoker.cli.CliContext;
import io.stoker.cli.CliException;

/** up/down install packages, start the engine and signal its processes: only root may. */
final class RootCheck {

    private RootCheck() {}

    static void require(CliContext ctx, String command) {
        int uid = ctx.host().effectiveUid();
        if (uid != 0) {
            throw new CliException("`stoker " + command + "` installs packages and starts or stops the container engine,"
                    + " which needs root (you are uid " + uid + "): run as root: sudo bin/stoker " + command);
        }
    }
}
