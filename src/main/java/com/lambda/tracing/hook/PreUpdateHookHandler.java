package com.lambda.tracing.hook;

import com.lambda.tracing.hook.evaluation.Sleeper;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.time.Clock;
import java.util.function.Supplier;
import software.amazon.awssdk.services.config.ConfigClient;

/**
 * preUpdate: evaluate the function's new properties before CloudFormation updates it. The previous properties do
 * not matter: the function must comply as it will be, whatever it was.
 */
public class PreUpdateHookHandler extends LambdaFunctionHookHandler {

    public PreUpdateHookHandler() {
        super();
    }

    PreUpdateHookHandler(Supplier<ConfigClient> clients, Clock clock, Sleeper sleeper, Supplier<RuleCatalog> catalog) {
        super(clients, clock, sleeper, catalog);
    }

    @Override
    String invocationPoint() {
        return "preUpdate";
    }
}
