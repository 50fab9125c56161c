package com.lambda.tracing.hook;

import com.lambda.tracing.hook.bench.Bench;
import com.lambda.tracing.hook.rules.RuleCatalog;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feeds real invocation payloads (built from inputs/) and SAM test events (sam-tests/) through HookHandlerWrapper
 * and reads the JSON it writes. The hook's real Config client talks HTTP to {@link FakeConfigEndpoint}.
 */
class HookHandlerWrapperTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("project.basedir", "."));

    private FakeConfigEndpoint endpoint;
    private String previousEndpoint;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = new FakeConfigEndpoint();
        previousEndpoint = System.getProperty(ClientBuilder.ENDPOINT_PROPERTY);
        System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, endpoint.url());
    }

    @AfterEach
    void stopEndpoint() {
        if (previousEndpoint == null) {
            System.clearProperty(ClientBuilder.ENDPOINT_PROPERTY);
        } else {
            System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, previousEndpoint);
        }
        endpoint.close();
    }

    @Test
    void preCreateInputIsCompliant() throws IOException {
        JsonNode response = invoke(request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-1", null));

        assertEquals("SUCCESS", response.path("hookStatus").asText(), response.toString());
        assertEquals("token-1", response.path("clientRequestToken").asText());
        assertFalse(response.has("errorCode"));
        assertEquals(FakeConfigEndpoint.RULE, response.path("annotations").get(0).path("annotationName").asText());
        assertEquals("PASSED", response.path("annotations").get(0).path("status").asText());
        assertTrue(response.path("message").asText().contains("complies"));

        // What Config received: schema types restored from CloudFormation's strings, nothing dropped.
        JsonNode start = endpoint.calls("StartResourceEvaluation").get(0).body();
        JsonNode configuration = JSON.readTree(start.path("ResourceDetails").path("ResourceConfiguration").asText());
        assertTrue(configuration.path("MemorySize").isIntegralNumber());
        assertEquals(256, configuration.path("MemorySize").asInt());
        assertTrue(configuration.path("Timeout").isIntegralNumber());
        assertEquals("prod", configuration.path("Environment").path("Variables").path("STAGE").asText());
        assertEquals("team", configuration.path("Tags").get(0).path("Key").asText());
        assertEquals("PROACTIVE", start.path("EvaluationMode").asText());
        assertEquals("CFN_RESOURCE_SCHEMA", start.path("ResourceDetails").path("ResourceConfigurationSchemaType").asText());
        assertEquals("OrdersFunction", start.path("ResourceDetails").path("ResourceId").asText());
        assertEquals("orders-stack", start.path("EvaluationContext").path("EvaluationContextIdentifier").asText());
        assertEquals(60, start.path("EvaluationTimeout").asInt());
        assertTrue(start.path("ClientToken").asText().matches("[0-9a-f]{64}"));
    }

    @Test
    void preUpdateInputIsCompliant() throws IOException {
        JsonNode response = invoke(request("inputs_1_pre_update.json", "UPDATE_PRE_PROVISION", "token-2", null));

        assertEquals("SUCCESS", response.path("hookStatus").asText(), response.toString());
        JsonNode configuration = JSON.readTree(endpoint.calls("StartResourceEvaluation").get(0).body()
                .path("ResourceDetails").path("ResourceConfiguration").asText());
        assertEquals(512, configuration.path("MemorySize").asInt(), "the new properties are evaluated, not the previous ones");
    }

    @Test
    void invalidInputIsBlockedNamingTheRuleAndItsFix() throws IOException {
        JsonNode response = invoke(request("inputs_1_invalid.json", "CREATE_PRE_PROVISION", "token-3", null));

        assertEquals("FAILED", response.path("hookStatus").asText(), response.toString());
        assertEquals("NonCompliant", response.path("errorCode").asText());
        String message = response.path("message").asText();
        assertTrue(message.contains(FakeConfigEndpoint.RULE), message);
        assertTrue(message.contains("TracingConfig.Mode is not Active"), message);
        String fix = RuleCatalog.bundled().find(FakeConfigEndpoint.RULE).orElseThrow().fix();
        assertTrue(message.contains("Fix: " + fix), message);
        String evaluationId = endpoint.calls("GetComplianceDetailsByResource").get(0).body().path("ResourceEvaluationId").asText();
        assertTrue(message.endsWith("AWS Config evaluation: " + evaluationId), message);
        JsonNode annotation = response.path("annotations").get(0);
        assertEquals("FAILED", annotation.path("status").asText());
        assertEquals("MEDIUM", annotation.path("severityLevel").asText());
        assertEquals("https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html", annotation.path("remediationLink").asText());
        assertEquals(RuleCatalog.bundled().find(FakeConfigEndpoint.RULE).orElseThrow().fix(),
                annotation.path("remediationMessage").asText());
        assertFalse(response.toString().contains("at com."), "no stack trace in the response");
    }

    @Test
    void inProgressRoundTripThroughTheWrapperJson() throws IOException {
        endpoint.inProgressPolls(1_000_000);
        ObjectNode config = JSON.createObjectNode().put("MaxWaitPerInvocationSeconds", "1").put("CallbackDelaySeconds", "2");
        ObjectNode first = request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-4", config);

        long before = System.nanoTime();
        JsonNode pending = invoke(first);
        long tookMillis = (System.nanoTime() - before) / 1_000_000;

        assertEquals("IN_PROGRESS", pending.path("hookStatus").asText(), pending.toString());
        assertEquals(2, pending.path("callbackDelaySeconds").asInt());
        assertFalse(pending.has("errorCode"));
        JsonNode callback = pending.path("callbackContext");
        String evaluationId = callback.path("evaluationId").asText();
        assertFalse(evaluationId.isEmpty(), pending.toString());
        assertEquals(1, callback.path("reinvocations").asInt());
        assertTrue(tookMillis < 5_000, "one invocation stays within MaxWaitPerInvocationSeconds, took " + tookMillis + " ms");

        // CloudFormation re-invokes with the callback context it received; Config has finished meanwhile.
        endpoint.inProgressPolls(0);
        ObjectNode second = first.deepCopy();
        ((ObjectNode) second.path("requestContext")).put("invocation", 2).set("callbackContext", callback);
        JsonNode done = invoke(second);

        assertEquals("SUCCESS", done.path("hookStatus").asText(), done.toString());
        assertTrue(done.path("message").asText().endsWith(evaluationId));
        assertEquals(1, endpoint.calls("StartResourceEvaluation").size(), "the second invocation resumes, it does not restart");
        assertTrue(endpoint.calls("GetResourceEvaluationSummary").stream()
                .allMatch(c -> c.body().path("ResourceEvaluationId").asText().equals(evaluationId)));
    }

    @Test
    void retriedInvocationWithoutCallbackContextReusesTheClientToken() throws IOException {
        ObjectNode request = request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-5", null);
        invoke(request);
        invoke(request);

        List<FakeConfigEndpoint.Call> starts = endpoint.calls("StartResourceEvaluation");
        assertEquals(2, starts.size());
        assertEquals(starts.get(0).body().path("ClientToken"), starts.get(1).body().path("ClientToken"));
        assertEquals(starts.get(0).body(), starts.get(1).body(), "identical parameters, so Config accepts the token again");
    }

    @Test
    void missingCallerCredentialsSayTheHookNeedsItsRole() throws IOException {
        ObjectNode request = request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-6", null);
        ((ObjectNode) request.path("requestData")).remove("callerCredentials");

        JsonNode response = invoke(request);

        assertEquals("FAILED", response.path("hookStatus").asText());
        assertEquals("InvalidCredentials", response.path("errorCode").asText());
        assertTrue(response.path("message").asText().contains("execution role"));
        assertTrue(endpoint.calls("StartResourceEvaluation").isEmpty());
    }

    @Test
    void unsupportedTargetIsReportedAsUnsupportedTarget() throws IOException {
        ObjectNode request = request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-7", null);
        ((ObjectNode) request.path("requestData")).put("targetName", "AWS::S3::Bucket");

        JsonNode response = invoke(request);

        assertEquals("FAILED", response.path("hookStatus").asText());
        assertEquals("UnsupportedTarget", response.path("errorCode").asText());
        assertTrue(response.path("message").asText().contains("AWS::S3::Bucket"), response.toString());
    }

    @Test
    void invalidTypeConfigurationNamesTheField() throws IOException {
        ObjectNode config = JSON.createObjectNode().put("EvaluationTimeoutSeconds", "soon");
        JsonNode response = invoke(request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-8", config));

        assertEquals("FAILED", response.path("hookStatus").asText());
        assertEquals("InvalidTypeConfiguration", response.path("errorCode").asText());
        assertTrue(response.path("message").asText().contains("EvaluationTimeoutSeconds"));
    }

    @Test
    void missingTypeConfigurationMeansDefaults() throws IOException {
        ObjectNode request = request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-13", null);
        request.remove("hookModel");

        JsonNode response = invoke(request);

        assertEquals("SUCCESS", response.path("hookStatus").asText(), response.toString());
        assertEquals(90, endpoint.calls("StartResourceEvaluation").get(0).body().path("EvaluationTimeout").asInt(),
                "the default EvaluationTimeoutSeconds, inside the default budget");
    }

    @Test
    void stringTypedConfigurationIsAccepted() throws IOException {
        ObjectNode config = JSON.createObjectNode()
                .put("EvaluationTimeoutSeconds", "100").put("OnIndeterminate", "pass").put("MaxReinvocations", "3");
        config.putArray("RequiredRules").add(FakeConfigEndpoint.RULE);
        JsonNode response = invoke(request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-9", config));

        assertEquals("SUCCESS", response.path("hookStatus").asText(), response.toString());
        assertEquals(100, endpoint.calls("StartResourceEvaluation").get(0).body().path("EvaluationTimeout").asInt());
    }

    @Test
    void requiredRuleAbsentBlocksByDefault() throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("RequiredRules").add("lambda-inside-vpc");
        JsonNode response = invoke(request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-10", config));

        assertEquals("FAILED", response.path("hookStatus").asText(), response.toString());
        assertTrue(response.path("message").asText().contains("lambda-inside-vpc"));
        assertTrue(response.path("message").asText().contains("required AWS Config rule"));
    }

    @Test
    void samTestEventsRunThroughTheTestEntrypoint() throws IOException {
        JsonNode created = testEntrypoint("pre-create.json");
        assertEquals("SUCCESS", created.path("status").asText(), created.toString());

        JsonNode updated = testEntrypoint("pre-update.json");
        assertEquals("SUCCESS", updated.path("status").asText(), updated.toString());

        JsonNode blocked = testEntrypoint("pre-create-non-compliant.json");
        assertEquals("FAILED", blocked.path("status").asText(), blocked.toString());
        assertEquals("NonCompliant", blocked.path("errorCode").asText());
        assertTrue(blocked.path("message").asText().contains(FakeConfigEndpoint.RULE));
    }

    @Test
    void samTestEventsCarryPlaceholderCredentialsOnly() throws IOException {
        try (var files = Files.list(ROOT.resolve("sam-tests"))) {
            for (Path file : files.toList()) {
                JsonNode credentials = JSON.readTree(file.toFile()).path("credentials");
                assertTrue(credentials.path("accessKeyId").asText().startsWith("PLACEHOLDER"), file.toString());
                assertTrue(credentials.path("secretAccessKey").asText().startsWith("PLACEHOLDER"), file.toString());
            }
        }
    }

    @Test
    void unreadableRequestStillGetsAJsonAnswer() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HookHandlerWrapper().processRequest(new ByteArrayInputStream("{not json".getBytes()), out);
        JsonNode response = JSON.readTree(out.toByteArray());
        assertEquals("FAILED", response.path("hookStatus").asText());
        assertNotNull(response.path("errorCode").asText());
    }

    @Test
    void lambdaEntryPointAnswersTheSameWay() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HookHandlerWrapper().handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(
                request("inputs_1_invalid.json", "CREATE_PRE_PROVISION", "token-11", null))), out, null);

        JsonNode response = JSON.readTree(out.toByteArray());
        assertEquals("FAILED", response.path("hookStatus").asText(), response.toString());
        assertEquals("NonCompliant", response.path("errorCode").asText());
    }

    @Test
    void outsideLambdaTheTempDirectoryIsLeftAlone() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(HookHandlerWrapper.LAMBDA_ENVIRONMENT_VARIABLE) == null);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(tmp);
        Path keep = Files.createTempFile(tmp, "keep-", ".txt");
        try {
            invoke(request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "token-12", null));
            assertTrue(Files.exists(keep), "the wrapper must not empty " + tmp);
        } finally {
            Files.deleteIfExists(keep);
        }
    }

    private JsonNode testEntrypoint(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HookHandlerWrapper().testEntrypoint(Files.newInputStream(ROOT.resolve("sam-tests").resolve(event)), out, null);
        return JSON.readTree(out.toByteArray());
    }

    static JsonNode invoke(JsonNode request) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HookHandlerWrapper().processRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(request)), out);
        return JSON.readTree(out.toByteArray());
    }

    /** A HookInvocationRequest as CloudFormation sends it, with the target model of one inputs/ file. */
    static ObjectNode request(String inputFile, String invocationPoint, String token, ObjectNode hookModel) throws IOException {
        JsonNode input = JSON.readTree(ROOT.resolve("inputs").resolve(inputFile).toFile());
        return Bench.hookRequest(token, invocationPoint, hookModel, input.path("AWS::Lambda::Function"));
    }
}
