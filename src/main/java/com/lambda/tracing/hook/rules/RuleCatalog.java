package com.lambda.tracing.hook.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The rule pack: every rule file's header and policy text, read from a directory or from the jar. */
public final class RuleCatalog {
    /** Conformance packs deploy a rule as {@code <name>-conformance-pack-<suffix>}. */
    private static final String CONFORMANCE_PACK_INFIX = "-conformance-pack-";
    private static final String BUNDLE = "/rule-pack/";

    private static volatile RuleCatalog bundled;

    private final List<RuleDefinition> rules;

    public RuleCatalog(List<RuleDefinition> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Reads every {@code *.guard} file of {@code dir}, sorted by file name. */
    public static RuleCatalog load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("rule directory " + dir + " does not exist");
        }
        List<RuleDefinition> rules = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".guard"))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                rules.add(RuleHeader.parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule directory " + dir, e);
        }
        return new RuleCatalog(rules);
    }

    /** The pack the build put into the jar (empty when the jar carries none). */
    public static RuleCatalog bundled() {
        RuleCatalog catalog = bundled;
        if (catalog == null) {
            catalog = readBundle();
            bundled = catalog;
        }
        return catalog;
    }

    /** Parses one rule file's text; {@code source} names it in error messages. */
    public static RuleDefinition parse(String source, String policyText) {
        return RuleHeader.parse(source, policyText);
    }

    public List<RuleDefinition> all() {
        return rules;
    }

    /**
     * The rule behind a Config rule name: the exact name, or the name a conformance pack gave it
     * ({@code lambda-tracing-active-conformance-pack-abc123}).
     */
    public Optional<RuleDefinition> find(String configRuleName) {
        if (configRuleName == null) {
            return Optional.empty();
        }
        for (RuleDefinition rule : rules) {
            if (sameRule(rule.name(), configRuleName)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the Config rule {@code configRuleName} is the rule {@code name}: the same name, or the copy a
     * conformance pack deployed ({@code <name>-conformance-pack-<suffix>}).
     */
    public static boolean sameRule(String name, String configRuleName) {
        return name != null && configRuleName != null
                && (configRuleName.equals(name) || configRuleName.startsWith(name + CONFORMANCE_PACK_INFIX));
    }

    private static RuleCatalog readBundle() {
        String index = resource("index.txt");
        if (index == null) {
            return new RuleCatalog(List.of());
        }
        List<RuleDefinition> rules = new ArrayList<>();
        for (String name : index.split("\\R")) {
            if (name.isBlank()) {
                continue;
            }
            String text = resource(name.strip());
            if (text == null) {
                throw new IllegalStateException("rule pack index names " + name + " but the jar does not hold it");
            }
            rules.add(RuleHeader.parse(name.strip(), text));
        }
        return new RuleCatalog(rules);
    }

    private static String resource(String name) {
        try (InputStream in = RuleCatalog.class.getResourceAsStream(BUNDLE + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled rule " + name, e);
        }
    }
}
