package com.lambda.tracing.hook.local;

/** Behaviour switches of the endpoint that are not faults. */
record EndpointSettings(boolean schemaCheck, int compliancePageSize, int rulesPageSize) {
}
