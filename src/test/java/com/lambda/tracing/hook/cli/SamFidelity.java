package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.lambda.tracing.hook.common.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fidelity of {@code lambda-hook transform} against the SAM translator's own test fixtures
 * ({@code scripts/sam-fidelity.sh FIXTURES_DIR}; the directory holds {@code input/NAME.yaml} and the translator's
 * {@code output/NAME.json}). It runs the real command on every input and reports: the share of
 * {@code AWS::Lambda::Function} resources whose Properties equal the translator's (lists compared in order, and
 * separately up to list order as the translator's own suite compares them), the generated function roles present,
 * and the {@code error_*} inputs rejected with exit code 2. Exit code 0 when the targets are met (at least 98% of
 * functions, every role, every error input), else 1.
 */
public final class SamFidelity {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SamFidelity() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SamFidelity FIXTURES_DIR [--region R] [--verbose]");
            System.exit(2);
        }
        Path dir = Paths.get(args[0]);
        String region = "ap-southeast-1"; // the region the translator's suite renders its expected outputs in
        boolean verbose = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--region") && i + 1 < args.length) {
                region = args[++i];
            } else if (args[i].equals("--verbose")) {
                verbose = true;
            }
        }
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir.resolve("input"))) {
            inputs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
        int functions = 0, exact = 0, unordered = 0, roles = 0, rolesPresent = 0, errors = 0, rejected = 0;
        int validTemplates = 0, validFailed = 0;
        List<String> problems = new ArrayList<>();
        for (Path input : inputs) {
            String name = input.getFileName().toString().replaceFirst("\\.yaml$", "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                code = Main.run(new String[] {"transform", "--region", region, input.toString()}, o, e);
            }
            String stderr = err.toString(StandardCharsets.UTF_8).trim();
            if (name.startsWith("error_")) {
                errors++;
                if (code == 2 && !stderr.isEmpty() && stderr.lines().count() == 1) {
                    rejected++;
                } else {
                    problems.add(name + ": not rejected (exit " + code + ")");
                }
                continue;
            }
            Path expectedFile = dir.resolve("output").resolve(name + ".json");
            if (!Files.exists(expectedFile)) {
                continue;
            }
            validTemplates++;
            JsonNode expected = JSON.readTree(expectedFile.toFile()).path("Resources");
            JsonNode actual = code == 0 ? JSON.readTree(out.toByteArray()).path("Resources") : JSON.createObjectNode();
            if (code != 0) {
                validFailed++;
                problems.add(name + ": exit " + code + ": " + stderr);
            }
            JsonNode inputResources;
            try {
                inputResources = JSON.valueToTree(TemplateLoader.load(input).document()).path("Resources");
            } catch (UsageException ex) {
                inputResources = JSON.createObjectNode();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String id = e.getKey();
                String type = e.getValue().path("Type").asText();
                if (type.equals("AWS::Lambda::Function")) {
                    functions++;
                    JsonNode want = e.getValue().path("Properties");
                    JsonNode got = actual.path(id).path("Properties");
                    if (want.equals(got)) {
                        exact++;
                        unordered++;
                    } else if (sorted(want).equals(sorted(got))) {
                        unordered++;
                    } else if (code == 0) {
                        problems.add(name + ": " + id + ": Properties differ" + (verbose ? "\n    want " + want + "\n    got  " + got : ""));
                    }
                } else if (type.equals("AWS::IAM::Role") && id.endsWith("Role")) {
                    String function = id.substring(0, id.length() - "Role".length());
                    if (inputResources.path(function).path("Type").asText().equals("AWS::Serverless::Function")) {
                        roles++;
                        if (actual.path(id).path("Type").asText().equals("AWS::IAM::Role")) {
                            rolesPresent++;
                        } else if (code == 0) {
                            problems.add(name + ": role " + id + " missing");
                        }
                    }
                }
            }
        }
        problems.forEach(p -> System.out.println("  " + p));
        System.out.printf("valid templates: %d (%d rejected)%n", validTemplates, validFailed);
        System.out.printf("AWS::Lambda::Function Properties identical: %d/%d (%.1f%%); identical up to list order: %d/%d (%.1f%%)%n",
                exact, functions, pct(exact, functions), unordered, functions, pct(unordered, functions));
        System.out.printf("generated function roles present: %d/%d (%.1f%%)%n", rolesPresent, roles, pct(rolesPresent, roles));
        System.out.printf("error inputs rejected with exit 2 and one line: %d/%d%n", rejected, errors);
        boolean met = pct(unordered, functions) >= 98.0 && rolesPresent == roles && rejected == errors;
        System.out.println(met ? "targets met" : "targets not met");
        System.exit(met ? 0 : 1);
    }

    private static double pct(int a, int b) {
        return b == 0 ? 100.0 : 100.0 * a / b;
    }

    /** {@code node} with every list sorted by its elements' JSON text, as the translator's suite compares. */
    private static JsonNode sorted(JsonNode node) {
        JsonNode copy = JsonTrees.mapChildren(node, SamFidelity::sorted);
        if (!copy.isArray()) {
            return copy;
        }
        List<JsonNode> items = new ArrayList<>();
        copy.forEach(items::add);
        items.sort((x, y) -> x.toString().compareTo(y.toString()));
        return JSON.createArrayNode().addAll(items);
    }
}
