package com.lambda.tracing.hook;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.json.JSONObject;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.cloudformation.HookInvocationPoint;
import software.amazon.cloudformation.HookLambdaWrapper;
import software.amazon.cloudformation.exceptions.BaseHandlerException;
import software.amazon.cloudformation.loggers.LambdaLogPublisher;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.LoggerProxy;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.HookContext;
import software.amazon.cloudformation.proxy.hook.HookHandlerRequest;
import software.amazon.cloudformation.proxy.hook.HookHandlerTestPayload;
import software.amazon.cloudformation.proxy.hook.HookInvocationRequest;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/**
 * The Lambda entry point CloudFormation invokes ({@code handleRequest}), the SAM test entry point
 * ({@code testEntrypoint}), and the JSON entry point other tools call ({@code processRequest(InputStream,
 * OutputStream)}).
 */
public final class HookHandlerWrapper extends HookLambdaWrapper<HookTargetModel, CallbackContext, TypeConfigurationModel> {
    /** Set by the Lambda runtime; only inside Lambda does the hook let the plugin empty the temp directory. */
    static final String LAMBDA_ENVIRONMENT_VARIABLE = "AWS_LAMBDA_FUNCTION_NAME";

    private static final TypeReference<HookInvocationRequest<TypeConfigurationModel, CallbackContext>> REQUEST_TYPE =
            new TypeReference<>() {
            };
    private static final TypeReference<TypeConfigurationModel> MODEL_TYPE = new TypeReference<>() {
    };
    private static final TypeReference<HookHandlerTestPayload<TypeConfigurationModel, CallbackContext>> TEST_PAYLOAD_TYPE =
            new TypeReference<>() {
            };

    private final Configuration configuration = new Configuration();
    private final Handlers handlers;

    public HookHandlerWrapper() {
        this(Handlers.standard());
    }

    HookHandlerWrapper(Handlers handlers) {
        super();
        this.handlers = handlers;
        // The plugin adds this publisher to every invocation's logger; it must exist before the first
        // processRequest, which tools call without going through handleRequest.
        this.platformLogPublisher = new Log4jLogPublisher();
        this.platformLoggerProxy.addLogPublisher(platformLogPublisher);
    }

    /**
     * The Lambda entry point. The plugin's version adds the platform publisher again on every invocation, so a warm
     * container would repeat each platform line once per past invocation; it was added once, in the constructor.
     */
    @Override
    public void handleRequest(InputStream inputStream, OutputStream outputStream, Context context) throws IOException {
        processRequest(inputStream, outputStream);
        outputStream.close();
    }

    /**
     * The plugin's JSON entry point, with every answer passed through {@link ResponseGuard}: a request the plugin
     * cannot read must not come back with a parser dump of any size quoting the request.
     */
    @Override
    public void processRequest(InputStream inputStream, OutputStream outputStream) throws IOException {
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        byte[] guarded;
        try {
            super.processRequest(inputStream, answer);
            guarded = ResponseGuard.guard(answer.toByteArray());
        } catch (RuntimeException | StackOverflowError e) {
            guarded = ResponseGuard.failed("The hook failed on this request: " + e.getClass().getSimpleName() + ".");
        }
        outputStream.write(guarded);
        outputStream.flush();
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

    /**
     * {@code sam local invoke TestEntrypoint}: runs one handler on a {@link HookHandlerTestPayload} and writes the
     * handler's ProgressEvent (field {@code status}, not {@code hookStatus}).
     */
    public void testEntrypoint(InputStream inputStream, OutputStream outputStream, Context context) throws IOException {
        LoggerProxy logger = new LoggerProxy();
        logger.addLogPublisher(context == null ? new Log4jLogPublisher() : new LambdaLogPublisher(context.getLogger()));
        ProgressEvent<HookTargetModel, CallbackContext> response;
        try {
            HookHandlerTestPayload<TypeConfigurationModel, CallbackContext> payload =
                    serializer.deserialize(new String(inputStream.readAllBytes(), StandardCharsets.UTF_8), TEST_PAYLOAD_TYPE);
            AmazonWebServicesClientProxy proxy = payload.getCredentials() == null ? null
                    : new AmazonWebServicesClientProxy(logger, payload.getCredentials(),
                    () -> context == null ? 900_000L : (long) context.getRemainingTimeInMillis());
            response = handlers.invoke(proxy, payload.getRequest(), payload.getActionInvocationPoint(),
                    payload.getCallbackContext(), logger, payload.getTypeConfiguration());
        } catch (BaseHandlerException e) {
            response = ProgressEvent.defaultFailureHandler(e, e.getErrorCode());
        } catch (AwsServiceException e) {
            response = ProgressEvent.defaultFailureHandler(e, HandlerErrorCode.GeneralServiceException);
        } catch (IOException | RuntimeException e) {
            response = ProgressEvent.<HookTargetModel, CallbackContext>builder()
                    .status(OperationStatus.FAILED)
                    .errorCode(HandlerErrorCode.InternalFailure)
                    .message("The test payload could not be processed: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                    .build();
        }
        outputStream.write(serializer.serialize(response).getBytes(StandardCharsets.UTF_8));
        outputStream.flush();
    }

    @Override
    protected JSONObject provideHookSchemaJSONObject() {
        return configuration.hookSchemaJSONObject();
    }

    @Override
    protected HookHandlerRequest transform(HookInvocationRequest<TypeConfigurationModel, CallbackContext> request) {
        return HookHandlerRequest.builder()
                .clientRequestToken(request.getClientRequestToken())
                .hookContext(HookContext.builder()
                        .awsAccountId(request.getAwsAccountId())
                        .stackId(request.getStackId())
                        .changeSetId(request.getChangeSetId())
                        .hookTypeName(request.getHookTypeName())
                        .hookTypeVersion(request.getHookTypeVersion())
                        .invocationPoint(request.getActionInvocationPoint())
                        .targetName(request.getRequestData().getTargetName())
                        .targetType(request.getRequestData().getTargetType())
                        .targetLogicalId(request.getRequestData().getTargetLogicalId())
                        .targetModel(HookTargetModel.of(request.getRequestData().getTargetModel()))
                        .build())
                .build();
    }

    @Override
    protected TypeReference<HookInvocationRequest<TypeConfigurationModel, CallbackContext>> getTypeReference() {
        return REQUEST_TYPE;
    }

    @Override
    protected TypeReference<TypeConfigurationModel> getModelTypeReference() {
        return MODEL_TYPE;
    }

    /**
     * The plugin empties {@code java.io.tmpdir} on every invocation because it assumes a Lambda sandbox. Outside
     * Lambda that directory belongs to the user, so it is left alone there.
     */
    @Override
    protected void scrubFiles() {
        if (System.getenv(LAMBDA_ENVIRONMENT_VARIABLE) != null) {
            super.scrubFiles();
        }
    }
}
