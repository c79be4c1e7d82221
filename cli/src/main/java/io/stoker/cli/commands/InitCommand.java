package io.stoker.cli.commands;

import io.stoker.cli.CliException;
import io.stoker.cli.StokerCommand;
import io.stoker.cli.deploy.SourcePacker;
import io.stoker.runtime.spec.SpecException;
import io.stoker.runtime.spec.SpecParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stoker init NAME --template T}: a new function folder from the template's example. */
@Command(mixinStandardHelpOptions = true, name = "init", description = "Create a function folder (stoker.yaml + starter code) from a template.")
public final class InitCommand implements Callable<Integer> {

    private static final Pattern NAME_LINE = Pattern.compile("(?m)^name:.*$");

    @ParentCommand
    StokerCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Function name (lower-case letters, digits, '-').")
    String name;

    @Option(names = {"-t", "--template"}, required = true, paramLabel = "T",
            description = "One of java, node, python, dockerfile.")
    String template;

    @Option(names = "--dir", paramLabel = "PARENT", description = "Folder to create NAME/ in (default: current folder).")
    Path parent = Path.of(".");

    @Override
    public Integer call() {
        Args.name(spec, name);
        if (!SpecParser.TEMPLATES.contains(template)) {
            throw Args.usage(spec, "--template '" + template + "' is not one of "
                    + String.join(", ", List.of("java", "node", "python", "dockerfile")));
        }
        Path example = root.context().requireRepo().resolve("function-templates/examples/" + template + "-hello");
        if (!Files.isRegularFile(example.resolve("stoker.yaml"))) {
            throw new CliException("the " + template + " example is missing at " + example
                    + ": is the repository complete?");
        }
        Path target = parent.resolve(name).toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new CliException(target + " already exists: choose another name or --dir, or remove it first");
        }
        try {
            copy(example, target);
            Path yaml = target.resolve("stoker.yaml");
            Files.writeString(yaml, rename(Files.readString(yaml, StandardCharsets.UTF_8), name), StandardCharsets.UTF_8);
            SpecParser.parse(Files.readString(yaml, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException("cannot create " + target + ": " + e.getMessage());
        } catch (SpecException e) {
            throw new CliException("the new " + target.resolve("stoker.yaml") + " is invalid (" + e.getMessage()
                    + "): the template example needs fixing");
        }
        root.context().console().println("created " + target + " (" + template + " template)");
        root.context().console().println("next: edit it, then `stoker deploy " + parent.resolve(name) + "`");
        return 0;
    }

    /** The manifest with its top-level {@code name:} set to {@code name} (added when absent). */
    static String rename(String yaml, String name) {
        Matcher m = NAME_LINE.matcher(yaml);
        return m.find() ? m.replaceFirst("name: " + name) : "name: " + name + "\n" + yaml;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path rel = from.relativize(p);
                if (skipped(rel)) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static boolean skipped(Path rel) {
        for (Path part : rel) {
            if (SourcePacker.SKIPPED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }
}
