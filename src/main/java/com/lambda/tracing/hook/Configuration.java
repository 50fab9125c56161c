package com.lambda.tracing.hook;

/** The hook schema of {@code Lambda::Tracing::Hook}. */
class Configuration extends BaseHookConfiguration {

    Configuration() {
        super("lambda-tracing-hook.json");
    }
}
