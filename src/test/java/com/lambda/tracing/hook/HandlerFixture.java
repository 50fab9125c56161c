package com.lambda.tracing.hook;

import static org.mockito.Mockito.mock;

import com.lambda.tracing.hook.LambdaFunctionHookHandler.Dependencies;
import com.lambda.tracing.hook.evaluation.FakeTime;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/**
 * The preCreate handler as the handler tests drive it: a Mockito ConfigClient behind the plugin's real
 * credential-injecting proxy, a fake clock that the hook's own sleeps move, and the decision lines it logged. Config
 * answers {@link StartResourceEvaluationRequest} with the given evaluation id.
 */
final class HandlerFixture {
    final ConfigClient client = mock(ConfigClient.class);
    final FakeTime time;
    final List<String> logLines = new ArrayList<>();
    private final AmazonWebServicesClientProxy proxy = PreCreateHookHandlerTest.proxy();
    private final PreCreateHookHandler handler;

    HandlerFixture(long startMillis, RuleCatalog catalog, String evaluationId) {
        time = new FakeTime(startMillis);
        handler = new PreCreateHookHandler(new Dependencies(() -> client, time, time, () -> catalog));
        PreCreateHookHandlerTest.startsEvaluation(client, evaluationId);
    }

    /** One invocation, as CloudFormation makes it, for a function with tracing Active. */
    ProgressEvent<HookTargetModel, CallbackContext> invoke(CallbackContext context, TypeConfigurationModel configuration) {
        return handler.handleRequest(proxy, PreCreateHookHandlerTest.request("AWS::Lambda::Function",
                PreCreateHookHandlerTest.properties("Active")), context, logLines::add, configuration);
    }
}
