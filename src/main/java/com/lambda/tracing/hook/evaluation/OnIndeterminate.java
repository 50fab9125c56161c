package com.lambda.tracing.hook.evaluation;

/** What an evaluation without a definite answer does to the deployment. */
public enum OnIndeterminate {
    /** Block the deployment (fail closed): the default. */
    FAIL,
    /** Let the deployment continue; the message and the logs still say why no verdict was reached. */
    PASS
}
