package io.stoker.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void padsColumnsToTheWidestCellWithoutTrailingSpaces() {
        Table t = new Table("NAME", "URL").row("a-long-name", "u1").row("b", "");
        assertThat(t.render()).containsExactly(
                "NAME         URL",
                "a-long-name  u1",
                "b");
    }

    @Test
    void rowsMustMatchTheHeaders() {
        assertThatThrownBy(() -> new Table("A", "B").row("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void progressLineShowsAStepBarAndFitsTheWidth() {
        assertThat(TerminalProgress.render("Step 2/4 : RUN x", '*', 80))
                .isEqualTo("* [##########..........] Step 2/4 : RUN x");
        String cut = TerminalProgress.render("x".repeat(200), '*', 40);
        assertThat(cut).hasSize(39).endsWith("…");
        assertThat(TerminalProgress.render("waiting", '*', 80)).isEqualTo("* waiting");
    }
}
