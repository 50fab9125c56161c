package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.lambda.tracing.hook.common.JsonTrees;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code lambda-hook check}, validated: each bad value is a {@link UsageException} naming the option.
 *
 * @param endpoint the Config endpoint URL, or null for the embedded endpoint
 * @param rules    the rule pack directory, or null for the pack in the jar
 * @param output    the report file, or null for stdout
 * @param stackName the stack name every template is checked as (exemptions match it), or null for each template
 *                  file's base name
 */
record CheckOptions(String format, Path output, String endpoint, String region, Map<String, String> overrides,
                    String rules, JsonNode hookModel, int jobs, boolean quiet, boolean verbose, boolean noColour,
                    boolean help, List<String> templates, String stackName) {
    /** CloudFormation's rule for stack names. */
    private static final java.util.regex.Pattern STACK_NAME = java.util.regex.Pattern.compile("[A-Za-z][-A-Za-z0-9]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    static CheckOptions parse(List<String> argv) {
        Args a = Args.parse(argv, Set.of("--format", "--output", "--endpoint", "--region", "--rules",
                "--type-configuration", "--jobs", "--stack-name"), Set.of("--quiet", "--verbose", "--no-color", "--help", "-h"),
                Set.of("--parameter-overrides"));
        if (a.flag("--help") || a.flag("-h")) {
            return new CheckOptions("text", null, null, null, Map.of(), null, null, 0, false, false, false, true, List.of(),
                    null);
        }
        String format = a.value("--format") == null ? "text" : a.value("--format").toLowerCase(Locale.ROOT);
        if (!ReportWriter.FORMATS.contains(format)) {
            throw new UsageException("--format must be text, json, sarif or junit (not '" + format + "')");
        }
        if (a.positional.isEmpty()) {
            throw new UsageException("check needs at least one template (see lambda-hook check --help)");
        }
        String region = region(a.value("--region"));
        Map<String, String> overrides = overrides(a.values("--parameter-overrides"));
        JsonNode hookModel = typeConfiguration(a.value("--type-configuration"));
        int jobs = a.intValue("--jobs", 16, 1, 256);
        String endpointUrl = a.value("--endpoint");
        if (endpointUrl != null) {
            try {
                URI u = URI.create(endpointUrl);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--endpoint: '" + endpointUrl + "' is not an http(s) URL");
            }
        }
        Path output = a.value("--output") == null ? null : Paths.get(a.value("--output"));
        if (output != null && output.getParent() != null && !Files.isDirectory(output.getParent())) {
            throw new UsageException("--output: directory " + output.getParent() + " does not exist");
        }
        String stackName = a.value("--stack-name");
        if (stackName != null && !STACK_NAME.matcher(stackName).matches()) {
            throw new UsageException("--stack-name: '" + stackName + "' is not a stack name (a letter, then letters, "
                    + "digits and hyphens, at most 128 characters)");
        }
        return new CheckOptions(format, output, endpointUrl, region, overrides, a.value("--rules"), hookModel, jobs,
                a.flag("--quiet"), a.flag("--verbose"), a.flag("--no-color"), false, List.copyOf(a.positional), stackName);
    }

    /** --region, else AWS_REGION, else us-east-1; must look like a Region name. */
    static String region(String option) {
        String region = option != null ? option
                : System.getenv("AWS_REGION") != null && !System.getenv("AWS_REGION").isBlank() ? System.getenv("AWS_REGION")
                : "us-east-1";
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new UsageException("--region: '" + region + "' is not a Region name");
        }
        return region;
    }

    static Map<String, String> overrides(List<String> values) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--parameter-overrides takes KEY=VALUE, not '" + v + "'");
            }
            m.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return m;
    }

    /** Inline JSON or a file holding it; scalars become strings, as CloudFormation sends the type configuration. */
    static JsonNode typeConfiguration(String value) {
        if (value == null) {
            return JSON.createObjectNode();
        }
        String text = value.strip();
        if (!text.startsWith("{")) {
            Path p = Paths.get(value.startsWith("@") ? value.substring(1) : value);
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("--type-configuration: neither JSON nor a readable file: " + value);
            }
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new UsageException("--type-configuration: invalid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (node == null || !node.isObject()) {
            throw new UsageException("--type-configuration must be a JSON object");
        }
        // accept the CloudFormation SetTypeConfiguration shape too
        JsonNode nested = node.at("/CloudFormationConfiguration/HookConfiguration/Properties");
        if (nested.isObject()) {
            node = nested;
        }
        return JsonTrees.scalarsAsText(node);
    }

    /** Colour only on an interactive terminal that asks for it. */
    boolean colour() {
        return output == null && format.equals("text") && !noColour && System.getenv("NO_COLOR") == null
                && System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
