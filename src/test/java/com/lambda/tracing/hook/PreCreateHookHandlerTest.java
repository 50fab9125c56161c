package com.lambda.tracing.hook;

import static com.lambda.tracing.hook.evaluation.ConfigResponses.finishes;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.result;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.LambdaFunctionHookHandler.Dependencies;
import com.lambda.tracing.hook.evaluation.FakeTime;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import com.lambda.tracing.hook.rules.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryRequest;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationResponse;
import software.amazon.cloudformation.exceptions.CfnUnsupportedTargetException;
import software.amazon.cloudformation.proxy.AmazonWebServicesClientProxy;
import software.amazon.cloudformation.proxy.Credentials;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.Logger;
import software.amazon.cloudformation.proxy.LoggerProxy;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.HookAnnotation;
import software.amazon.cloudformation.proxy.hook.HookAnnotationSeverityLevel;
import software.amazon.cloudformation.proxy.hook.HookAnnotationStatus;
import software.amazon.cloudformation.proxy.hook.HookContext;
import software.amazon.cloudformation.proxy.hook.HookHandlerRequest;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/** Handler-level tests: a Mockito ConfigClient behind the plugin's real credential-injecting proxy. */
class PreCreateHookHandlerTest {
    private static final RuleCatalog CATALOG = new RuleCatalog(List.of(new RuleDefinition("lambda-tracing-active",
            "AWS X-Ray tracing is active", Severity.MEDIUM, "why", "Set TracingConfig.Mode to Active.",
            "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html", List.of(), "rule r {}")));
    private static final String SECRET_VALUE = "postgres://admin:Sup3rS3cret@db.internal/orders";

    private ConfigClient client;
    private FakeTime time;
    private AmazonWebServicesClientProxy proxy;
    private final List<String> logLines = new ArrayList<>();
    private final Logger logger = logLines::add;
    private PreCreateHookHandler handler;

    @BeforeEach
    void setUp() {
        client = mock(ConfigClient.class);
        time = new FakeTime(1_700_000_000_000L);
        proxy = proxy();
        handler = new PreCreateHookHandler(new Dependencies(() -> client, time, time, () -> CATALOG));
        startsEvaluation(client, "eval-1");
    }

    /** The plugin's real credential-injecting proxy, with placeholder caller credentials. */
    static AmazonWebServicesClientProxy proxy() {
        return new AmazonWebServicesClientProxy(new LoggerProxy(), new Credentials("AKIDEXAMPLE", "secret", "session"), () -> 900_000L);
    }

    /** Every StartResourceEvaluation on {@code client} answers with {@code evaluationId}. */
    static void startsEvaluation(ConfigClient client, String evaluationId) {
        when(client.startResourceEvaluation(any(StartResourceEvaluationRequest.class)))
                .thenReturn(StartResourceEvaluationResponse.builder().resourceEvaluationId(evaluationId).build());
    }

    static HookHandlerRequest request(String targetName, Map<String, Object> properties) {
        Map<String, Object> targetModel = new LinkedHashMap<>();
        targetModel.put("resourceProperties", properties);
        return HookHandlerRequest.builder()
                .clientRequestToken("8a3c2f5e-0000-4000-8000-000000000001")
                .hookContext(HookContext.builder()
                        .awsAccountId("123456789012")
                        .stackId("arn:aws:cloudformation:us-east-1:123456789012:stack/app/abc")
                        .hookTypeName("Lambda::Tracing::Hook")
                        .targetName(targetName)
                        .targetType("RESOURCE")
                        .targetLogicalId("Fn")
                        .targetModel(HookTargetModel.of(targetModel))
                        .build())
                .build();
    }

    static Map<String, Object> properties(String tracingMode) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Runtime", "python3.12");
        p.put("Role", "arn:aws:iam::123456789012:role/r");
        p.put("Code", Map.of("ZipFile", "def handler(e, c): pass"));
        p.put("MemorySize", "256");
        p.put("Timeout", "10");
        p.put("TracingConfig", Map.of("Mode", tracingMode));
        p.put("Environment", Map.of("Variables", Map.of("DATABASE_URL", SECRET_VALUE)));
        return p;
    }

    private void evaluationFinishes(ComplianceType compliance, String annotation) {
        finishes(client, compliance, result("lambda-tracing-active", compliance, annotation));
    }

    @Test
    void compliantFunctionSucceedsWithPassedAnnotation() {
        evaluationFinishes(ComplianceType.COMPLIANT, null);

        ProgressEvent<HookTargetModel, CallbackContext> event =
                handler.handleRequest(proxy, request("AWS::Lambda::Function", properties("Active")), null, logger, null);

        assertEquals(OperationStatus.SUCCESS, event.getStatus());
        assertNull(event.getErrorCode());
        assertNull(event.getCallbackContext());
        assertEquals(0, event.getCallbackDelaySeconds());
        HookAnnotation annotation = event.getAnnotations().get(0);
        assertEquals(HookAnnotationStatus.PASSED, annotation.getStatus());
        assertEquals(HookAnnotationSeverityLevel.MEDIUM, annotation.getSeverityLevel());
        assertNull(annotation.getRemediationMessage());
    }

    @Test
    void nonCompliantFunctionFailsWithRuleFixAndAnnotation() {
        evaluationFinishes(ComplianceType.NON_COMPLIANT, "TracingConfig.Mode is PassThrough");

        ProgressEvent<HookTargetModel, CallbackContext> event =
                handler.handleRequest(proxy, request("AWS::Lambda::Function", properties("PassThrough")), null, logger, null);

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.NonCompliant, event.getErrorCode());
        assertTrue(event.getMessage().contains("lambda-tracing-active: TracingConfig.Mode is PassThrough. Fix: Set TracingConfig.Mode to Active."),
                event.getMessage());
        HookAnnotation annotation = event.getAnnotations().get(0);
        assertEquals("lambda-tracing-active", annotation.getAnnotationName());
        assertEquals(HookAnnotationStatus.FAILED, annotation.getStatus());
        assertEquals("TracingConfig.Mode is PassThrough", annotation.getStatusMessage());
        assertEquals("Set TracingConfig.Mode to Active.", annotation.getRemediationMessage());
        assertEquals("https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html", annotation.getRemediationLink());
    }

    @Test
    void requestSentToConfigIsTypedAndCarriesCallerCredentials() throws Exception {
        evaluationFinishes(ComplianceType.COMPLIANT, null);

        handler.handleRequest(proxy, request("AWS::Lambda::Function", properties("Active")), null, logger, null);

        ArgumentCaptor<StartResourceEvaluationRequest> captor = ArgumentCaptor.forClass(StartResourceEvaluationRequest.class);
        verify(client).startResourceEvaluation(captor.capture());
        StartResourceEvaluationRequest sent = captor.getValue();
        JsonNode configuration = new ObjectMapper().readTree(sent.resourceDetails().resourceConfiguration());
        assertTrue(configuration.path("MemorySize").isIntegralNumber());
        assertTrue(configuration.path("Timeout").isIntegralNumber());
        assertEquals(SECRET_VALUE, configuration.path("Environment").path("Variables").path("DATABASE_URL").asText(),
                "Config gets the real properties; only logs are masked");
        assertTrue(sent.overrideConfiguration().flatMap(o -> o.credentialsIdentityProvider()).isPresent(),
                "calls go through the proxy, which injects the caller credentials");
        assertEquals(90, sent.evaluationTimeout());
    }

    @Test
    void inProgressReturnsCallbackContextAndResumes() {
        when(client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class)))
                .thenReturn(summary(ResourceEvaluationStatus.IN_PROGRESS, null));
        TypeConfigurationModel config = new TypeConfigurationModel().setMaxWaitPerInvocationSeconds("1").setCallbackDelaySeconds(5);

        ProgressEvent<HookTargetModel, CallbackContext> first =
                handler.handleRequest(proxy, request("AWS::Lambda::Function", properties("Active")), null, logger, config);

        assertEquals(OperationStatus.IN_PROGRESS, first.getStatus());
        assertNull(first.getErrorCode());
        assertEquals(5, first.getCallbackDelaySeconds());
        assertEquals(new CallbackContext("eval-1", 1, 1_700_000_000_000L), first.getCallbackContext());

        evaluationFinishes(ComplianceType.COMPLIANT, null);
        ProgressEvent<HookTargetModel, CallbackContext> second = handler.handleRequest(proxy,
                request("AWS::Lambda::Function", properties("Active")), first.getCallbackContext(), logger, config);

        assertEquals(OperationStatus.SUCCESS, second.getStatus());
        verify(client, org.mockito.Mockito.times(1)).startResourceEvaluation(any(StartResourceEvaluationRequest.class));
    }

    @Test
    void decisionLogIsOneJsonLineWithoutSecrets() throws Exception {
        evaluationFinishes(ComplianceType.NON_COMPLIANT, "token=abc123secret in env");

        handler.handleRequest(proxy, request("AWS::Lambda::Function", properties("PassThrough")), null, logger, null);

        assertEquals(1, logLines.size());
        String line = logLines.get(0);
        assertFalse(line.contains(SECRET_VALUE), line);
        assertFalse(line.contains("Sup3rS3cret"), line);
        assertFalse(line.contains("abc123secret"), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("NON_COMPLIANT", json.path("verdict").asText());
        assertEquals("Fn", json.path("logicalId").asText());
        assertEquals("preCreate", json.path("invocationPoint").asText());
        assertEquals("eval-1", json.path("evaluationId").asText());
        assertEquals("lambda-tracing-active", json.path("rules").get(0).path("rule").asText());
        assertTrue(json.has("durationMs"));
    }

    @Test
    void unsupportedTargetThrowsCfnUnsupportedTarget() {
        CfnUnsupportedTargetException e = assertThrows(CfnUnsupportedTargetException.class,
                () -> handler.handleRequest(proxy, request("AWS::S3::Bucket", Map.of()), null, logger, null));

        assertEquals(HandlerErrorCode.UnsupportedTarget, e.getErrorCode());
        verify(client, never()).startResourceEvaluation(any(StartResourceEvaluationRequest.class));
    }

    @Test
    void nullProxyExplainsTheExecutionRole() {
        ProgressEvent<HookTargetModel, CallbackContext> event =
                handler.handleRequest(null, request("AWS::Lambda::Function", properties("Active")), null, logger, null);

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.InvalidCredentials, event.getErrorCode());
        assertTrue(event.getMessage().contains("execution role"));
    }

    @Test
    void invalidConfigurationFailsNamingTheField() {
        ProgressEvent<HookTargetModel, CallbackContext> event = handler.handleRequest(proxy,
                request("AWS::Lambda::Function", properties("Active")), null, logger,
                new TypeConfigurationModel().setOnIndeterminate("MAYBE"));

        assertEquals(HandlerErrorCode.InvalidTypeConfiguration, event.getErrorCode());
        assertTrue(event.getMessage().contains("OnIndeterminate"));
    }

    @Test
    void unexpectedExceptionBecomesAMessageWithoutStackTrace() {
        when(client.startResourceEvaluation(any(StartResourceEvaluationRequest.class)))
                .thenThrow(new IllegalStateException("connection pool shut down"));

        ProgressEvent<HookTargetModel, CallbackContext> event =
                handler.handleRequest(proxy, request("AWS::Lambda::Function", properties("Active")), null, logger, null);

        assertEquals(OperationStatus.FAILED, event.getStatus());
        assertEquals(HandlerErrorCode.InternalFailure, event.getErrorCode());
        assertTrue(event.getMessage().contains("IllegalStateException: connection pool shut down"));
        assertFalse(event.getMessage().contains("\tat "));
    }

    @Test
    void missingResourcePropertiesIsAnInvalidRequest() {
        HookHandlerRequest request = HookHandlerRequest.builder().clientRequestToken("t").hookContext(HookContext.builder()
                .targetName("AWS::Lambda::Function").targetLogicalId("Fn").targetModel(HookTargetModel.of(Map.of("other", 1)))
                .build()).build();

        ProgressEvent<HookTargetModel, CallbackContext> event = handler.handleRequest(proxy, request, null, logger, null);

        assertEquals(HandlerErrorCode.InvalidRequest, event.getErrorCode());
    }

    @Test
    void annotationFieldsRespectCloudFormationLimits() {
        List<HookAnnotation> annotations = LambdaFunctionHookHandler.annotations(List.of(
                new com.lambda.tracing.hook.evaluation.RuleResult("r".repeat(2000),
                        com.lambda.tracing.hook.evaluation.RuleResult.Status.FAILED, null, "m".repeat(20_000), "", null)));

        HookAnnotation a = annotations.get(0);
        assertEquals(LambdaFunctionHookHandler.MAX_ANNOTATION_NAME, a.getAnnotationName().length());
        assertEquals(LambdaFunctionHookHandler.MAX_ANNOTATION_TEXT, a.getStatusMessage().length());
        assertNull(a.getRemediationMessage(), "empty text is left out (minimum length 1)");
        assertNull(a.getSeverityLevel());
        assertNotNull(a.getStatus());
    }

    @Test
    void preUpdateUsesItsOwnInvocationPoint() {
        evaluationFinishes(ComplianceType.COMPLIANT, null);
        PreUpdateHookHandler update = new PreUpdateHookHandler(new Dependencies(() -> client, time, time, () -> CATALOG));

        update.handleRequest(proxy, request("AWS::Lambda::Function", properties("Active")), null, logger, null);

        assertTrue(logLines.get(0).contains("\"invocationPoint\":\"preUpdate\""));
    }
}
