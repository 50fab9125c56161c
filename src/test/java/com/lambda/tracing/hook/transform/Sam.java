package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Small SAM templates for the transform tests, written in YAML with long-form intrinsics. */
final class Sam {
    static final YAMLMapper YAML = new YAMLMapper();

    private Sam() {
    }

    static ObjectNode template(String yaml) {
        try {
            return (ObjectNode) YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode node(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode process(String yaml) {
        return TemplateTransforms.process(template(yaml), options(Map.of()));
    }

    /** The one-line message the transform rejects {@code template} with. */
    static String rejection(ObjectNode template) {
        TransformException e = org.junit.jupiter.api.Assertions.assertThrows(TransformException.class,
                () -> TemplateTransforms.process(template, options(Map.of())), template::toString);
        org.junit.jupiter.api.Assertions.assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    static TransformOptions options(Map<String, String> parameters) {
        return new TransformOptions("eu-west-1", parameters, true);
    }

    /** A template with the SAM Transform line and one function {@code Fn} with these extra property lines. */
    static String function(String... propertyLines) {
        StringBuilder b = new StringBuilder("Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n"
                + "    Type: AWS::Serverless::Function\n    Properties:\n");
        boolean code = false;
        for (String line : propertyLines) {
            b.append("      ").append(line).append('\n');
            code |= line.startsWith("CodeUri") || line.startsWith("InlineCode") || line.startsWith("ImageUri")
                    || line.startsWith("PackageType");
        }
        if (!code) {
            b.append("      CodeUri: s3://bucket/code.zip\n      Handler: index.handler\n      Runtime: python3.12\n");
        }
        return b.toString();
    }
}
