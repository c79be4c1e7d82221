package io.stoker.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.runtime.spec.SpecException;
import io.stoker.runtime.spec.SpecParser;
import org.junit.jupiter.api.Test;

/** Image references parse as the engine reads them; mistakes are refused with the part at fault. */
class ImageRefTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void hostPortRepositoryTagAndDigestAreTakenApart() {
        ImageRef r = ImageRef.parse("127.0.0.1:5000/team/hello:v1.2");
        assertThat(r.host()).isEqualTo("127.0.0.1:5000");
        assertThat(r.path()).isEqualTo("team/hello");
        assertThat(r.tag()).isEqualTo("v1.2");
        assertThat(r.digest()).isEmpty();
        assertThat(r.repository()).isEqualTo("127.0.0.1:5000/team/hello");
        assertThat(r.atDigest(DIGEST).toString()).isEqualTo("127.0.0.1:5000/team/hello@" + DIGEST);

        ImageRef d = ImageRef.parse("127.0.0.1:5000/hello@" + DIGEST);
        assertThat(d.hasDigest()).isTrue();
        assertThat(d.tag()).isEmpty();
        assertThat(ImageRef.parse("localhost/hello").host()).isEqualTo("localhost");
        assertThat(ImageRef.parse("stoker-fn/hello:3f2a9c1b7d04").host()).as("no '.' or ':': a path").isEmpty();
        assertThat(ImageRef.parse("hello").tagOrLatest()).isEqualTo("latest");
        assertThat(ImageRef.parse("registry.internal/a/b:1@" + DIGEST).toString())
                .isEqualTo("registry.internal/a/b:1@" + DIGEST);
    }

    @Test
    void badReferencesSayWhatIsWrong() {
        assertThatThrownBy(() -> ImageRef.parse("Hello")).hasMessageContaining("'Hello'");
        assertThatThrownBy(() -> ImageRef.parse("hello:")).hasMessageContaining("tag");
        assertThatThrownBy(() -> ImageRef.parse("hello@sha256:123")).hasMessageContaining("digest");
        assertThatThrownBy(() -> ImageRef.parse("127.0.0.1:5000/")).hasMessageContaining("no repository");
        assertThatThrownBy(() -> ImageRef.parse("a//b")).hasMessageContaining("repository part");
        assertThatThrownBy(() -> ImageRef.parse("")).hasMessageContaining("empty");
    }

    @Test
    void theSpecRefusesAnImageThatIsNoReference() {
        assertThatThrownBy(() -> SpecParser.parse("name: x\nimage: 'Not An Image'\n"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.key()).isEqualTo("image"));
        assertThat(SpecParser.parse("name: x\nimage: 127.0.0.1:5000/x@" + DIGEST + "\n").image())
                .isEqualTo("127.0.0.1:5000/x@" + DIGEST);
    }
}
