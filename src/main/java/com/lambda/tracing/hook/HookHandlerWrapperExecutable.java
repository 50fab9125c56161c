package com.lambda.tracing.hook;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.json.JSONObject;
import software.amazon.cloudformation.HookExecutableWrapper;
import software.amazon.cloudformation.HookInvocationPoint;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.HookHandlerRequest;
import software.amazon.cloudformation.proxy.hook.HookInvocationRequest;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/**
 * The executable entry point ({@code cfn test --docker-image}): the request JSON is the first argument, and the
 * response is printed between the markers the cfn CLI looks for.
 */
public final class HookHandlerWrapperExecutable
        extends HookExecutableWrapper<HookTargetModel, CallbackContext, TypeConfigurationModel> {
    static final String START_MARKER = "__CFN_HOOK_START_RESPONSE__";
    static final String END_MARKER = "__CFN_HOOK_END_RESPONSE__";

    private static final TypeReference<HookInvocationRequest<TypeConfigurationModel, CallbackContext>> REQUEST_TYPE =
            new TypeReference<>() {
            };
    private static final TypeReference<TypeConfigurationModel> MODEL_TYPE = new TypeReference<>() {
    };

    private final Configuration configuration = new Configuration();
    private final Handlers handlers = Handlers.standard();

    public HookHandlerWrapperExecutable() {
        super();
        this.platformLogPublisher = new Log4jLogPublisher();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: HookHandlerWrapperExecutable '<hook invocation request JSON>'");
            System.exit(2);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HookHandlerWrapperExecutable().handleRequest(
                new ByteArrayInputStream(args[0].getBytes(StandardCharsets.UTF_8)), out);
        PrintStream stdout = System.out;
        stdout.println(START_MARKER);
        // The same last step as the Lambda entry point: no parser dumps, masked, within CloudFormation's limits.
        stdout.println(new String(ResponseGuard.guard(out.toByteArray()), StandardCharsets.UTF_8));
        stdout.println(END_MARKER);
        stdout.flush();
    }

    @Override
    public ProgressEvent<HookTargetModel, CallbackContext> invokeHandler(
            AmazonWebServicesClientProxy proxy,
            HookHandlerRequest request,
            HookInvocationPoint invocationPoint,
            CallbackContext callbackContext,
            TypeConfigurationModel typeConfiguration) {
        return handlers.invoke(proxy, request, invocationPoint, callbackContext, loggerProxy, typeConfiguration);
    }

    @Override
    protected JSONObject provideHookSchemaJSONObject() {
        return configuration.hookSchemaJSONObject();
    }

    @Override
    protected HookHandlerRequest transform(HookInvocationRequest<TypeConfigurationModel, CallbackContext> request) {
        return HookHandlerWrapper.Transform.toHandlerRequest(request);
    }

    @Override
    protected TypeReference<HookInvocationRequest<TypeConfigurationModel, CallbackContext>> getTypeReference() {
        return REQUEST_TYPE;
    }

    @Override
    protected TypeReference<TypeConfigurationModel> getModelTypeReference() {
        return MODEL_TYPE;
    }

    /** Same reasoning as {@link HookHandlerWrapper#scrubFiles()}: only a Lambda sandbox's temp directory is disposable. */
    @Override
    protected void scrubFiles() {
        if (System.getenv(HookHandlerWrapper.LAMBDA_ENVIRONMENT_VARIABLE) != null) {
            super.scrubFiles();
        }
    }
}
