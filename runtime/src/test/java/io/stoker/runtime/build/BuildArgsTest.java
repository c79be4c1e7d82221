package io.stoker.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildArgsTest {

    @Test
    void handlerOnlyWhenNoOverrideIsConfigured() {
        FunctionSpec spec = SpecParser.parse("name: hello\ntemplate: java\nhandler: com.example.Hello\n");

        assertThat(BuildArgs.of(spec, BuildArgs.ImageOverrides.NONE))
                .containsExactly(Map.entry("HANDLER", "com.example.Hello"));
    }

    @Test
    void overridesOfTheSpecsTemplateOnly() {
        FunctionSpec spec = SpecParser.parse("name: hello\ntemplate: java\nhandler: com.example.Hello\n");
        BuildArgs.ImageOverrides overrides = new BuildArgs.ImageOverrides(
                Map.of("java", "eclipse-temurin:17-jre", "node", "node:20-slim"),
                Map.of("java", "maven:3-eclipse-temurin-17"));

        assertThat(BuildArgs.of(spec, overrides)).containsExactly(
                Map.entry("HANDLER", "com.example.Hello"),
                Map.entry("BASE_IMAGE", "eclipse-temurin:17-jre"),
                Map.entry("BUILD_IMAGE", "maven:3-eclipse-temurin-17"));
    }

    @Test
    void buildArgsOfTheSpecReachEveryTemplateAndWinOverConfiguredImages() {
        FunctionSpec python = SpecParser.parse("name: hello\ntemplate: python\nhandler: handler.handle\n"
                + "build: {args: {PIP_NO_INDEX: '1', BASE_IMAGE: python:3.11-slim}}\n");
        BuildArgs.ImageOverrides overrides = new BuildArgs.ImageOverrides(Map.of("python", "mine:1"), Map.of());
        assertThat(BuildArgs.of(python, overrides)).containsExactly(
                Map.entry("HANDLER", "handler.handle"),
                Map.entry("BASE_IMAGE", "python:3.11-slim"),
                Map.entry("PIP_NO_INDEX", "1"));

        FunctionSpec dockerfile = SpecParser.parse("name: hello\ntemplate: dockerfile\nbuild: {args: {GREETING: hi}}\n");
        assertThat(BuildArgs.of(dockerfile, BuildArgs.ImageOverrides.NONE)).containsExactly(Map.entry("GREETING", "hi"));
    }

    @Test
    void dockerfileTemplateGetsNoHandler() {
        FunctionSpec spec = SpecParser.parse("name: hello\ntemplate: dockerfile\nhandler: ignored\n");

        assertThat(BuildArgs.of(spec, BuildArgs.ImageOverrides.NONE)).isEmpty();
    }
}
