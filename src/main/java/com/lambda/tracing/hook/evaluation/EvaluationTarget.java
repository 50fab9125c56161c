package com.lambda.tracing.hook.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The function CloudFormation is about to create or update, and the identifiers of this hook invocation.
 *
 * @param properties the resourceProperties exactly as CloudFormation sent them (scalars may be strings)
 */
public record EvaluationTarget(
        String clientRequestToken,
        String stackId,
        String logicalId,
        String invocationPoint,
        String resourceType,
        Map<String, Object> properties) {

    public EvaluationTarget {
        Objects.requireNonNull(resourceType, "resourceType");
        // LinkedHashMap keeps the template's key order, so the JSON sent to Config (and the ClientToken's
        // request parameters) stay identical across re-invocations.
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** The stack's name, taken from its ARN ({@code arn:...:stack/NAME/uuid}); the whole id when it is no ARN. */
    public String stackName() {
        if (stackId == null) {
            return null;
        }
        int slash = stackId.indexOf(":stack/");
        if (slash < 0) {
            return stackId;
        }
        String rest = stackId.substring(slash + ":stack/".length());
        int end = rest.indexOf('/');
        return end < 0 ? rest : rest.substring(0, end);
    }
}
