package com.lambda.tracing.hook.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code check} will evaluate: the template files, and of each one its functions with resolved properties (and
 * the resources reported as not evaluated). A template that cannot be read or resolved is reported, not planned.
 *
 * @param files     the templates, in report order
 * @param work      every function (or skipped resource), in template order
 * @param templates one result per file, its error set when it could not be read
 */
record CheckPlan(List<Path> files, List<Work> work, List<Report.TemplateResult> templates) {
    private static final Set<String> EXTENSIONS = Set.of(".yaml", ".yml", ".json", ".template");

    private static final Set<String> FUNCTION_TYPES = Set.of("AWS::Lambda::Function", "AWS::Serverless::Function");
    private static final String FAILS_CLOSED = " The hook fails closed (OnIndeterminate=FAIL).";

    /**
     * One function (or skipped resource) to report on; one with a {@code skipReason} is not sent to the hook and is
     * reported with {@code skipVerdict} (NOT_EVALUATED, or INDETERMINATE when it would be deployed but cannot be
     * evaluated offline).
     */
    record Work(int template, String logicalId, String type, int line, String stackName,
                Map<String, Object> properties, String skipReason, Report.Verdict skipVerdict) {
        Work(int template, String logicalId, String type, int line, String stackName, Map<String, Object> properties,
             String skipReason) {
            this(template, logicalId, type, line, stackName, properties, skipReason, Report.Verdict.NOT_EVALUATED);
        }

        /** What OnIndeterminate=PASS makes of a function that cannot be evaluated: let through, and said so. */
        Work passed() {
            return skipVerdict != Report.Verdict.INDETERMINATE ? this : new Work(template, logicalId, type, line,
                    stackName, properties, Report.WARNING + skipReason.replace(FAILS_CLOSED, "")
                    + " Not evaluated: the type configuration sets OnIndeterminate=PASS.", Report.Verdict.NOT_EVALUATED);
        }
    }

    /** Whether any function goes to the hook (not only skipped resources). */
    boolean anyFunction() {
        return work.stream().anyMatch(w -> w.skipReason() == null);
    }

    static CheckPlan of(CheckOptions options, PrintStream err) {
        List<Path> files = expand(options.templates());
        List<Work> work = new ArrayList<>();
        List<Report.TemplateResult> templates = new ArrayList<>();
        Set<String> knownParameters = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try {
                work.addAll(plan(i, file, options.region(), options.overrides(), knownParameters, options.stackName(),
                        warning -> err.println("lambda-hook: warning: " + warning)));
                templates.add(new Report.TemplateResult(display(file), new ArrayList<>(), null));
            } catch (UsageException e) {
                templates.add(new Report.TemplateResult(display(file), new ArrayList<>(), e.getMessage()));
                err.println("lambda-hook: " + e.getMessage());
            }
        }
        if ("PASS".equalsIgnoreCase(options.hookModel().path("OnIndeterminate").asText("").strip())) {
            work.replaceAll(Work::passed);
            work.stream().filter(w -> w.skipReason() != null && w.skipReason().startsWith(Report.WARNING)).forEach(w ->
                    err.println("lambda-hook: warning: " + display(files.get(w.template())) + ":" + w.line() + ": "
                            + w.logicalId() + ": " + w.skipReason().substring(Report.WARNING.length())));
        }
        boolean anyInputError = templates.stream().anyMatch(t -> t.error() != null);
        for (String key : options.overrides().keySet()) {
            if (!knownParameters.contains(key) && !anyInputError) {
                throw new UsageException("--parameter-overrides names " + key + ", which no template declares as a parameter");
            }
        }
        return new CheckPlan(files, work, templates);
    }

    /** {@link #plan(int, Path, String, Map, Set, String, Consumer)} as the stack named after the file, no warnings. */
    static List<Work> plan(int index, Path file, String region, Map<String, String> overrides,
                           Set<String> knownParameters) {
        return plan(index, file, region, overrides, knownParameters, null, warning -> { });
    }

    /**
     * Reads and resolves one template into its functions (and the resources reported as not evaluated).
     *
     * @param stackName the stack's name, or null for the template file's base name
     * @param warnings  hears what the template reader warns about (e.g. a repeated key)
     */
    static List<Work> plan(int index, Path file, String region, Map<String, String> overrides,
                           Set<String> knownParameters, String stackName, Consumer<String> warnings) {
        Template loaded = TemplateLoader.load(file);
        loaded.warnings().forEach(warnings);
        Map<String, String> own = new LinkedHashMap<>();
        Object params = loaded.document().get("Parameters");
        if (params instanceof Map) {
            ((Map<?, ?>) params).keySet().forEach(k -> knownParameters.add(String.valueOf(k)));
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (params instanceof Map && ((Map<?, ?>) params).containsKey(e.getKey())) {
                own.put(e.getKey(), e.getValue());
            }
        }
        TransformStep.Outcome processed = TransformStep.apply(loaded, region, own);
        Template template = processed.template();
        if (stackName == null) {
            stackName = IntrinsicResolver.stackNameFor(file);
        }
        if (!processed.notApplied().isEmpty()) {
            return notApplied(index, template, stackName, processed.notApplied());
        }
        ProcessedTemplate sam = ProcessedTemplate.of(template, region, own);
        template = sam.template();
        IntrinsicResolver resolver = new IntrinsicResolver(template, region, stackName, own);
        List<Work> out = new ArrayList<>();
        Map<?, ?> resources = (Map<?, ?>) template.document().get("Resources");
        for (Map.Entry<?, ?> e : resources.entrySet()) {
            String id = String.valueOf(e.getKey());
            String type = (String) ((Map<?, ?>) e.getValue()).get("Type");
            int line = template.line(id);
            if (FUNCTION_TYPES.contains(type) && processed.macroResources().containsKey(id)) {
                out.add(new Work(index, id, sam.typeOf(id, type), line, stackName, null, "Its definition uses"
                        + " Fn::Transform (" + processed.macroResources().get(id) + "), which cannot be applied offline:"
                        + " only CloudFormation can run it, so the properties the hook would receive are unknown here."
                        + FAILS_CLOSED, Report.Verdict.INDETERMINATE));
                continue;
            }
            if (!type.equals("AWS::Lambda::Function")) {
                continue;
            }
            type = sam.typeOf(id, type);
            if (!resolver.created(id)) {
                out.add(new Work(index, id, type, line, stackName, null, "Its Condition "
                        + ((Map<?, ?>) e.getValue()).get("Condition") + " is false with these parameters, so "
                        + "CloudFormation would not create it."));
                continue;
            }
            Map<String, Object> props;
            try {
                props = resolver.properties(id);
            } catch (UsageException ex) {
                throw new UsageException(ex.getMessage().replaceFirst(Pattern.quote(file + ": "),
                        file + ":" + line + ": " + id + ": "));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> stringified = (Map<String, Object>) IntrinsicResolver.stringify(props);
            out.add(new Work(index, id, type, line, stackName, stringified, null));
        }
        return out;
    }

    /**
     * A template with a transform only CloudFormation can run: every function it shows is indeterminate (the
     * transform may change it), and so is the template itself when it shows none (the transform may add some).
     */
    private static List<Work> notApplied(int index, Template template, String stackName, List<String> transforms) {
        String names = String.join(", ", transforms);
        String cannot = "The template's " + (transforms.size() == 1 ? "transform " + names + " cannot be applied offline:"
                + " only CloudFormation can run it" : "transforms " + names + " cannot be applied offline: only"
                + " CloudFormation can run them");
        List<Work> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) template.document().get("Resources")).entrySet()) {
            Object type = e.getValue() instanceof Map ? ((Map<?, ?>) e.getValue()).get("Type") : null;
            if (type instanceof String && FUNCTION_TYPES.contains(type)) {
                String id = String.valueOf(e.getKey());
                out.add(new Work(index, id, (String) type, template.line(id), stackName, null, cannot
                        + ", so what this function becomes is unknown here." + FAILS_CLOSED, Report.Verdict.INDETERMINATE));
            }
        }
        if (out.isEmpty()) {
            out.add(new Work(index, "Transform", "Transform section", 1, stackName, null, cannot
                    + ", so the functions it deploys are unknown here." + FAILS_CLOSED, Report.Verdict.INDETERMINATE));
        }
        return out;
    }

    /** Files as given; directories contribute their *.yaml, *.yml, *.json and *.template files, sorted. */
    static List<Path> expand(List<String> args) {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            Path p = Paths.get(arg);
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p, 8)) {
                    walk.filter(Files::isRegularFile).filter(f -> {
                        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                        return EXTENSIONS.stream().anyMatch(n::endsWith);
                    }).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UsageException(arg + ": cannot list directory (" + e.getMessage() + ")");
                }
            } else if (!Files.exists(p)) {
                throw new UsageException(arg + ": no such file or directory");
            } else {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw new UsageException("no template found in " + String.join(" ", args));
        }
        return files;
    }

    static String display(Path p) {
        return p.normalize().toString().replace('\\', '/');
    }
}
