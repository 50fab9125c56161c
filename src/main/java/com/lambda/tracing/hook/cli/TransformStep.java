package com.lambda.tracing.hook.cli;

import com.lambda.tracing.hook.transform.LanguageExtensions;
import com.lambda.tracing.hook.transform.LanguageExtensionsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transforms a template declares, applied before its functions are resolved, as CloudFormation applies them
 * before it calls any hook. {@code AWS::LanguageExtensions} runs here; a macro, {@code AWS::Include} or any other
 * transform only CloudFormation can run is named instead, so that the caller reports the functions as indeterminate:
 * what such a template deploys is unknown offline.
 */
final class TransformStep {
    static final String SAM = "AWS::Serverless-2016-10-31";
    /** The transforms this tool applies itself. */
    static final Set<String> APPLIED = Set.of(LanguageExtensions.NAME, SAM);

    /**
     * The template to resolve; the transforms that could not be applied to the whole template; and the resources
     * whose own definition holds an {@code Fn::Transform} (logical id → transform name).
     */
    record Outcome(Template template, List<String> notApplied, Map<String, String> macroResources) {
    }

    private TransformStep() {
    }

    static Outcome apply(Template template, String region, Map<String, String> parameterValues) {
        Map<String, Object> doc = template.document();
        Set<String> notApplied = new LinkedHashSet<>();
        for (String name : declared(template)) {
            if (!APPLIED.contains(name)) {
                notApplied.add(name);
            }
        }
        Map<String, String> macroResources = new LinkedHashMap<>();
        for (Map.Entry<String, Object> section : doc.entrySet()) {
            if (!section.getKey().equals("Resources")) {
                embedded(section.getValue(), notApplied);
                continue;
            }
            for (Map.Entry<?, ?> r : ((Map<?, ?>) section.getValue()).entrySet()) {
                String id = String.valueOf(r.getKey());
                if (id.equals("Fn::Transform")) {
                    embedded(Map.of(id, r.getValue()), notApplied);
                    continue;
                }
                Set<String> inside = new LinkedHashSet<>();
                embedded(r.getValue(), inside);
                if (!inside.isEmpty()) {
                    macroResources.put(id, String.join(", ", inside));
                }
            }
        }
        if (!notApplied.isEmpty()) {
            return new Outcome(template, List.copyOf(notApplied), macroResources);
        }
        if (!declared(template).contains(LanguageExtensions.NAME)) {
            String loop = firstLoop(doc);
            if (loop != null) {
                throw new UsageException(template.file() + ": " + loop + " needs 'Transform: " + LanguageExtensions.NAME
                        + "' in the template; CloudFormation rejects Fn::ForEach without it");
            }
            return new Outcome(template, List.of(), macroResources);
        }
        LanguageExtensions.Result result;
        try {
            result = LanguageExtensions.process(TemplateNodes.toNode(doc), parameterValues, region);
        } catch (LanguageExtensionsException e) {
            Integer line = "Resources".equals(e.section()) && e.key() != null ? template.resourceLines().get(e.key()) : null;
            throw new UsageException(template.file() + (line == null ? "" : ":" + line) + ": " + e.getMessage());
        }
        Map<String, Object> processed = TemplateNodes.toDocument(result.template());
        Map<String, Integer> lines = new LinkedHashMap<>(template.resourceLines());
        result.origins().forEach((id, loop) -> {
            Integer line = template.resourceLines().get(loop);
            if (line != null) {
                lines.put(id, line);
            }
        });
        Template out = new Template(template.file(), processed, lines, template.warnings());
        TemplateLoader.checkResources(out);
        return new Outcome(out, List.of(), macroResources);
    }

    /** The names in the template's Transform section, in order (a name, or a list of names and {Name: ...} entries). */
    static List<String> declared(Template template) {
        Object section = template.document().get("Transform");
        List<String> names = new ArrayList<>();
        for (Object entry : section instanceof List ? (List<?>) section : section == null ? List.of() : List.of(section)) {
            Object name = entry instanceof Map ? ((Map<?, ?>) entry).get("Name") : entry;
            if (!(name instanceof String)) {
                throw new UsageException(template.file() + ": the Transform section must name transforms (a name, or a"
                        + " list of names), not " + entry);
            }
            names.add((String) name);
        }
        return names;
    }

    /** Adds the name of every {@code Fn::Transform} inside {@code value}. */
    private static void embedded(Object value, Set<String> names) {
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                if ("Fn::Transform".equals(e.getKey())) {
                    Object name = e.getValue() instanceof Map ? ((Map<?, ?>) e.getValue()).get("Name") : null;
                    names.add(name instanceof String ? (String) name : "Fn::Transform");
                }
                embedded(e.getValue(), names);
            }
        } else if (value instanceof List) {
            ((List<?>) value).forEach(v -> embedded(v, names));
        }
    }

    private static String firstLoop(Object value) {
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                String k = String.valueOf(e.getKey());
                if (k.equals("Fn::ForEach") || k.startsWith("Fn::ForEach::")) {
                    return k;
                }
                String inner = firstLoop(e.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (value instanceof List) {
            for (Object v : (List<?>) value) {
                String inner = firstLoop(v);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
