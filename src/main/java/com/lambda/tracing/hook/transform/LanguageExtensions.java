package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The {@code AWS::LanguageExtensions} transform, applied offline as CloudFormation applies it before any other
 * transform runs: {@code Fn::ForEach} loops in Resources, Conditions and Outputs (nested, in resource properties too)
 * are expanded ({@link ForEachExpansion}); {@code Fn::Length}, {@code Fn::ToJsonString} and {@code Fn::FindInMap}
 * with {@code DefaultValue} are resolved, and intrinsic functions inside {@code Ref} and {@code Fn::GetAtt}, and in
 * the {@code DeletionPolicy}, {@code UpdateReplacePolicy} and {@code Condition} resource attributes, are evaluated
 * ({@link ExtensionFunctions}, {@link ResourceAttributes}). Everything CloudFormation resolves at deploy time
 * (references to resources, imports, ...) is left in place. A template that breaks a rule of the transform ends in a
 * {@link LanguageExtensionsException}.
 */
public final class LanguageExtensions {
    public static final String NAME = "AWS::LanguageExtensions";
    static final String LOOP = "Fn::ForEach";
    static final List<String> LOOP_SECTIONS = List.of("Conditions", "Resources", "Outputs");
    /** CloudFormation's quotas apply to the processed template. */
    static final int MAX_RESOURCES = 500;
    static final int MAX_OUTPUTS = 200;

    /**
     * The processed template and, for each logical id a loop generated in Resources, the {@code Fn::ForEach::Name}
     * key of the Resources section it came from.
     */
    public record Result(ObjectNode template, Map<String, String> origins) {
    }

    private final ObjectNode template;
    private final KnownValues known;
    private final Position position;
    private final TemplateNames names;

    private LanguageExtensions(ObjectNode template, Map<String, String> parameterValues, String region) {
        this.template = template;
        this.known = new KnownValues(template, parameterValues, region);
        this.position = new Position(known);
        this.names = new TemplateNames(template);
    }

    /** Whether the template's {@code Transform} section names this transform. */
    public static boolean declaredIn(JsonNode template) {
        return indexIn(template.get("Transform")) >= 0 || NAME.equals(template.path("Transform").asText(null));
    }

    /** The processed copy of {@code template} (not changed itself); parameters without a value take their Default. */
    public static ObjectNode apply(ObjectNode template, Map<String, String> parameterValues, String region) {
        return process(template, parameterValues, region).template();
    }

    /** {@link #apply}, and where each generated resource came from. */
    public static Result process(ObjectNode template, Map<String, String> parameterValues, String region) {
        LanguageExtensions t = new LanguageExtensions(template.deepCopy(), parameterValues, region);
        return t.run();
    }

    static boolean isLoop(String key) {
        return key.equals(LOOP) || key.startsWith(LOOP + "::");
    }

    private Result run() {
        LoopNames.check(template, position, names);
        ForEachExpansion loops = new ForEachExpansion(position, names);
        for (String s : LOOP_SECTIONS) {
            if (template.get(s) instanceof ObjectNode) {
                template.set(s, loops.expandSection(s, (ObjectNode) template.get(s)));
            }
        }
        known.conditions(template.get("Conditions"));
        ExtensionFunctions functions = new ExtensionFunctions(known, position);
        for (String s : LOOP_SECTIONS) {
            if (template.get(s) instanceof ObjectNode) {
                template.set(s, functions.resolveSection(s, (ObjectNode) template.get(s)));
            }
        }
        position.section(null);
        quota("Resources", MAX_RESOURCES, "resources");
        quota("Outputs", MAX_OUTPUTS, "outputs");
        dropFromTransformSection();
        return new Result(template, position.origins());
    }

    private void quota(String name, int max, String what) {
        int n = template.path(name).size();
        if (n > max) {
            throw position.error("the processed template has " + n + " " + what + "; CloudFormation allows at most " + max);
        }
    }

    private void dropFromTransformSection() {
        JsonNode t = template.get("Transform");
        if (t == null) {
            return;
        }
        if (t.isTextual()) {
            if (t.asText().equals(NAME)) {
                template.remove("Transform");
            }
            return;
        }
        int i;
        while ((i = indexIn(template.get("Transform"))) >= 0) {
            ((ArrayNode) template.get("Transform")).remove(i);
        }
        if (template.get("Transform").isArray() && template.get("Transform").isEmpty()) {
            template.remove("Transform");
        }
    }

    private static int indexIn(JsonNode transforms) {
        if (transforms == null || !transforms.isArray()) {
            return -1;
        }
        for (int i = 0; i < transforms.size(); i++) {
            JsonNode e = transforms.get(i);
            if (NAME.equals(e.asText(null)) || NAME.equals(e.path("Name").asText(null))) {
                return i;
            }
        }
        return -1;
    }
}
