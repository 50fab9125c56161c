package com.lambda.tracing.hook;

import com.lambda.tracing.hook.evaluation.Sleeper;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.config.ConfigClient;

/** preCreate: evaluate a function before CloudFormation creates it. */
public class PreCreateHookHandler extends LambdaFunctionHookHandler {

    public PreCreateHookHandler() {
        super();
    }

    PreCreateHookHandler(Supplier<ConfigClient> clients, Clock clock, Sleeper sleeper, Supplier<RuleCatalog> catalog) {
        super(clients, clock, sleeper, catalog);
    }

    @Override
    String invocationPoint() {
        return "preCreate";
    }
}
