package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.transform.TemplateTransforms;
import com.lambda.tracing.hook.transform.TransformException;
import com.lambda.tracing.hook.transform.TransformOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template as CloudFormation processes it before any hook runs: its SAM resources transformed
 * ({@code AWS::Serverless::Function} → {@code AWS::Lambda::Function} under the same logical id). Each resource keeps
 * the line of the resource it came from, and SAM functions are reported under their SAM type.
 *
 * @param template      the processed template
 * @param originalTypes logical id → the type the template gave it, for resources whose type the transform changed
 */
record ProcessedTemplate(Template template, Map<String, String> originalTypes) {

    /**
     * Applies the SAM transform when the template has SAM resources. As CloudFormation, which rejects
     * {@code AWS::Serverless::*} types unless the template declares {@code Transform: AWS::Serverless-2016-10-31},
     * a SAM resource without that line is bad input, as is a SAM resource the transform rejects.
     */
    static ProcessedTemplate of(Template template, String region, Map<String, String> parameterValues) {
        Map<?, ?> resources = (Map<?, ?>) template.document().get("Resources");
        Map<String, String> types = new LinkedHashMap<>();
        boolean sam = false;
        for (Map.Entry<?, ?> e : resources.entrySet()) {
            Object type = ((Map<?, ?>) e.getValue()).get("Type");
            if (type instanceof String && ((String) type).startsWith("AWS::Serverless::")) {
                sam = true;
                types.put(String.valueOf(e.getKey()), (String) type);
            }
        }
        if (!sam) {
            return new ProcessedTemplate(template, Map.of());
        }
        ObjectNode document = TemplateNodes.toNode(template.document());
        // TransformStep has applied AWS::LanguageExtensions already (with the line of each generated resource)
        List<String> remaining = new ArrayList<>(TemplateTransforms.declared(document));
        remaining.remove(TemplateTransforms.LANGUAGE_EXTENSIONS);
        ArrayNode transforms = document.putArray("Transform");
        remaining.forEach(transforms::add);
        TemplateTransforms.Processed processed;
        try {
            processed = TemplateTransforms.run(document, new TransformOptions(region, parameterValues, false));
        } catch (TransformException e) {
            String id = firstNamed(e.getMessage(), types);
            String where = id != null ? ":" + template.line(id) : "";
            throw new UsageException(template.file() + where + ": " + e.getMessage());
        }
        Map<String, Object> result = TemplateNodes.toDocument(processed.template());
        Map<String, String> changed = new LinkedHashMap<>();
        Map<?, ?> out = (Map<?, ?>) result.get("Resources");
        types.forEach((id, type) -> {
            Object now = out.get(id) instanceof Map ? ((Map<?, ?>) out.get(id)).get("Type") : null;
            if (now != null && !type.equals(now)) {
                changed.put(id, type);
            }
        });
        return new ProcessedTemplate(new Template(template.file(), result, template.resourceLines()), changed);
    }

    /** The SAM resource a transform message is about ({@code [Id]} or {@code Resource Id}), or null. */
    private static String firstNamed(String message, Map<String, String> ids) {
        for (String id : ids.keySet()) {
            if (message.contains("[" + id + "]") || message.contains("Resource " + id + " ")) {
                return id;
            }
        }
        return null;
    }

    String typeOf(String logicalId, String processedType) {
        return originalTypes.getOrDefault(logicalId, processedType);
    }
}
