package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SectionsTest {

    private static final String DOC = "# Benchmarks\n\nintro quoting `<!-- NAME:begin -->`\n\n<!-- warm:begin -->\nwarm body\n<!-- warm:end -->\n";

    @Test
    void replacesOnlyItsOwnSection() {
        String once = Sections.put(DOC, "cold", "cold v1", false);
        String twice = Sections.put(once, "cold", "cold v2", false);
        assertThat(twice).isEqualTo(DOC + "\n<!-- cold:begin -->\ncold v2\n<!-- cold:end -->\n");
        assertThat(Sections.body(twice, "warm")).isEqualTo("\nwarm body\n");
    }

    @Test
    void aFirstSectionGoesBeforeTheOthersAndAfterTheHeader() {
        String doc = Sections.put(DOC, "summary", "sum", true);
        assertThat(doc).startsWith("# Benchmarks\n\nintro quoting `<!-- NAME:begin -->`\n\n<!-- summary:begin -->\nsum\n<!-- summary:end -->\n\n<!-- warm:begin -->");
        assertThat(Sections.put(doc, "summary", "sum2", true)).contains("sum2").doesNotContain("sum\n");
    }

    @Test
    void aMissingSectionHasNoBody() {
        assertThat(Sections.body(DOC, "cold")).isNull();
    }

    @Test
    void aBrokenMarkerPairIsRefused() {
        assertThatThrownBy(() -> Sections.put("<!-- cold:begin -->\nx\n", "cold", "y", false))
                .hasMessageContaining("cold");
    }
}
