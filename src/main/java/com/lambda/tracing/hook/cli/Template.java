package com.lambda.tracing.hook.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed CloudFormation template: the document as plain Java values (Map, List, String, BigDecimal, Boolean, null;
 * short-form YAML tags already expanded to their {@code Fn::} forms), the 1-based line of each resource's key, and
 * what the reader warns about (one line each, e.g. a repeated key whose last value CloudFormation uses).
 */
record Template(Path file, Map<String, Object> document, Map<String, Integer> resourceLines, List<String> warnings) {

    Template(Path file, Map<String, Object> document, Map<String, Integer> resourceLines) {
        this(file, document, resourceLines, List.of());
    }

    int line(String logicalId) {
        return resourceLines.getOrDefault(logicalId, 1);
    }
}
