package com.lambda.tracing.hook.evaluation;

/** Why an evaluation ended without a definite verdict. Each has its own wording in the hook's message. */
public enum IndeterminateCause {
    INSUFFICIENT_DATA("AWS Config returned INSUFFICIENT_DATA: no proactive rule produced a result for this function"),
    EVALUATION_FAILED("the AWS Config evaluation failed"),
    EVALUATION_TIMED_OUT("the AWS Config evaluation timed out"),
    NO_RESULTS("AWS Config reported no rule results for this function"),
    REQUIRED_RULE_MISSING("a required AWS Config rule did not report a result"),
    CONFIGURATION_TOO_LARGE("the function's properties do not fit AWS Config's 51,200-character limit"),
    INVALID_REQUEST("AWS Config rejected the evaluation request"),
    ACCESS_DENIED("AWS Config denied access to the hook's role"),
    THROTTLED("AWS Config kept throttling the hook's calls"),
    SERVICE_ERROR("AWS Config kept failing with a server error"),
    IDEMPOTENCY_MISMATCH("AWS Config refused the ClientToken (IdempotentParameterMismatch)"),
    EVALUATION_NOT_FOUND("AWS Config no longer knows the evaluation (ResourceNotFound)"),
    MALFORMED_RESPONSE("AWS Config sent a response the hook cannot read"),
    API_ERROR("a call to AWS Config failed"),
    REINVOCATIONS_EXHAUSTED("the evaluation was still running when the hook's re-invocation budget ran out");

    private final String description;

    IndeterminateCause(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
