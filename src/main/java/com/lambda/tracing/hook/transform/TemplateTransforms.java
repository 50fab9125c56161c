package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Applies the transforms a template declares in its {@code Transform} section, in the order it declares them, as
 * CloudFormation does before it creates any resource (a list such as
 * {@code [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]} runs left to right). The result is the processed
 * template: what {@code aws cloudformation get-template --template-stage Processed} shows.
 */
public final class TemplateTransforms {
    public static final String SAM = "AWS::Serverless-2016-10-31";
    public static final String LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions";

    private TemplateTransforms() {
    }

    /**
     * The processed template and what it cannot show exactly offline (for the user to read, e.g. a SAM policy
     * template this tool does not expand: the role lacks its statements).
     */
    public record Processed(ObjectNode template, List<String> notes) {
        public Processed {
            notes = List.copyOf(notes);
        }
    }

    /**
     * The processed copy of {@code template}; the argument is not changed.
     *
     * @throws UnsupportedTransformException the template declares a transform that cannot run offline
     * @throws TransformException            the template is invalid for a transform it declares
     */
    public static ObjectNode process(ObjectNode template, TransformOptions options) {
        return run(template, options).template();
    }

    /** {@link #process} with its notes. */
    public static Processed run(ObjectNode template, TransformOptions options) {
        List<String> notes = new ArrayList<>();
        ObjectNode t = template.deepCopy();
        List<String> names = declared(t);
        if (!names.contains(SAM)) {
            String serverless = firstServerlessResource(t);
            if (serverless != null) {
                if (!options.samWhenUndeclared()) {
                    throw new TransformException("Resource " + serverless + " is of type "
                            + t.path("Resources").path(serverless).path("Type").asText()
                            + ", but the template does not declare 'Transform: " + SAM + "': CloudFormation rejects "
                            + "it as an unknown resource type. Add the Transform line.");
                }
                names = new ArrayList<>(names);
                names.add(SAM);
            }
        }
        for (String name : names) {
            t = apply(name, t, options, notes);
        }
        t.remove("Transform");
        return new Processed(t, notes);
    }

    private static ObjectNode apply(String name, ObjectNode template, TransformOptions options, List<String> notes) {
        switch (name) {
            case SAM:
                return SamTransform.apply(template, options, notes);
            case LANGUAGE_EXTENSIONS:
                return LanguageExtensions.apply(template, options.parameterValues(), options.region());
            default:
                throw new UnsupportedTransformException(name, "The template declares the transform " + name
                        + " (a macro or an include), which only CloudFormation can run: what it would deploy is"
                        + " unknown offline.");
        }
    }

    /**
     * The transform names of the {@code Transform} section, in order: a name, or a list of names and of
     * {@code {Name: ..., Parameters: ...}} entries.
     */
    public static List<String> declared(JsonNode template) {
        JsonNode section = template.get("Transform");
        List<String> names = new ArrayList<>();
        if (section == null || section.isNull()) {
            return names;
        }
        Iterable<JsonNode> entries = section.isArray() ? section : List.of(section);
        for (JsonNode entry : entries) {
            if (entry.isTextual()) {
                names.add(entry.asText());
            } else if (entry.isObject() && entry.path("Name").isTextual()) {
                names.add(entry.path("Name").asText());
            } else {
                throw new TransformException("The Transform section must name transforms (a name or a list of names),"
                        + " not " + entry);
            }
        }
        return names;
    }

    /** The logical id of the first {@code AWS::Serverless::*} resource, or null. */
    static String firstServerlessResource(JsonNode template) {
        JsonNode resources = template.path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().path("Type").asText("").startsWith("AWS::Serverless::")) {
                return e.getKey();
            }
        }
        return null;
    }

}
