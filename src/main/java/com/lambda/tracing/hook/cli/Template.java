package com.lambda.tracing.hook.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * A parsed CloudFormation template: the document as plain Java values (Map, List, String, BigDecimal, Boolean, null;
 * short-form YAML tags already expanded to their {@code Fn::} forms) and the 1-based line of each resource's key.
 */
record Template(Path file, Map<String, Object> document, Map<String, Integer> resourceLines) {

    int line(String logicalId) {
        return resourceLines.getOrDefault(logicalId, 1);
    }
}
