package com.lambda.tracing.hook.local;

/**
 * Behaviour switches of the endpoint that are not faults. {@code summaryHoldMillis} > 0: a summary request for an
 * evaluation in progress waits up to that long for it to end (long polling, for {@code check}; real Config answers at once).
 */
record EndpointSettings(boolean schemaCheck, int compliancePageSize, int rulesPageSize, long summaryHoldMillis) {
}
