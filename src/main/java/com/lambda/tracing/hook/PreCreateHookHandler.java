package com.lambda.tracing.hook;

/** preCreate: evaluate a function before CloudFormation creates it. */
public class PreCreateHookHandler extends LambdaFunctionHookHandler {
    PreCreateHookHandler(Dependencies dependencies) {
        super("preCreate", dependencies);
    }
}
