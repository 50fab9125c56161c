package com.lambda.tracing.hook;

/**
 * preUpdate: evaluate the function's new properties before CloudFormation updates it. The previous properties do
 * not matter: the function must comply as it will be, whatever it was.
 */
public class PreUpdateHookHandler extends LambdaFunctionHookHandler {
    PreUpdateHookHandler(Dependencies dependencies) {
        super("preUpdate", dependencies);
    }
}
