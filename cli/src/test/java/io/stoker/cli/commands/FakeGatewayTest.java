package io.stoker.cli.commands;

import io.stoker.cli.CliRunner;
import io.stoker.cli.FakeGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The fixture of the command tests: a test double of the gateway's REST API, and a CLI pointed at it with a token. */
abstract class FakeGatewayTest {

    @TempDir
    Path tmp;

    FakeGateway gw;
    CliRunner cli;

    @BeforeEach
    void startFakeGateway() throws Exception {
        gw = new FakeGateway();
        cli = new CliRunner(tmp).gateway(gw.url());
        cli.env.put("STOKER_TOKEN", "t0k");
    }

    @AfterEach
    void stopFakeGateway() {
        gw.close();
    }
}
