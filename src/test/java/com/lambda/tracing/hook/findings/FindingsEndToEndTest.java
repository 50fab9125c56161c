package com.lambda.tracing.hook.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.reliability.LogCapture;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the findings function end to end, driven by the sample events in {@code src/test/resources/findings}:
 * the real handler and the real AWS SDK clients over real HTTP to a Security Hub endpoint (REST-JSON) and a
 * CloudFormation endpoint (query/XML) started here. Every check reads back what Security Hub stored.
 */
class FindingsEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    static final String STACK = "arn:aws:cloudformation:eu-west-1:111122223333:stack/orders-service/1f3b6c40-af1e-11f0-9c1a-0a1b2c3d4e5f";
    static final String OTHER_STACK = "arn:aws:cloudformation:eu-west-1:111122223333:stack/billing/9a8b7c6d-af1e-11f0-9c1a-0a1b2c3d4e5f";
    static final String TYPE_ARN = "arn:aws:cloudformation:eu-west-1:111122223333:type/hook/Lambda-Tracing-Hook";
    static final String FINDING_ID = "lambda-tracing-hook/111122223333/eu-west-1/orders-service/OrdersFunction";
    static final String PRODUCT_ARN = "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default";
    static final String SECRETS = "lambda-env-no-plaintext-secrets";
    static final String TRACING = "lambda-tracing-active";
    static final Instant FAILED_AT = Instant.parse("2026-11-30T14:05:12Z");
    static final Instant PASSED_AT = Instant.parse("2026-11-30T15:42:03Z");
    private static final String[] CREDENTIAL_PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.region"};
    private static final List<String> saved = new ArrayList<>();

    private FakeSecurityHub hub;
    private FakeCloudFormation cfn;
    private FindingsHandler handler;
    private final RuleCatalog catalog = RuleCatalog.bundled();

    @BeforeAll
    static void credentials() {
        for (String p : CREDENTIAL_PROPERTIES) {
            saved.add(System.getProperty(p));
        }
        System.setProperty("aws.accessKeyId", "AKIDFINDINGSTEST");
        System.setProperty("aws.secretAccessKey", "findings-test-secret");
        System.setProperty("aws.region", REGION);
    }

    @AfterAll
    static void restore() {
        for (int i = 0; i < CREDENTIAL_PROPERTIES.length; i++) {
            if (saved.get(i) == null) {
                System.clearProperty(CREDENTIAL_PROPERTIES[i]);
            } else {
                System.setProperty(CREDENTIAL_PROPERTIES[i], saved.get(i));
            }
        }
        saved.clear();
    }

    @BeforeEach
    void start() throws IOException {
        hub = new FakeSecurityHub();
        cfn = new FakeCloudFormation();
        handler = new FindingsHandler(FindingsClients.withEndpoints(hub.url(), cfn.url()), catalog);
    }

    @AfterEach
    void stop() {
        hub.close();
        cfn.close();
    }

    @Test
    void aFailureImportsOneFindingWithEveryAsffField() throws IOException {
        FakeCloudFormation.Result result = blocked(FAILED_AT.minusSeconds(2), STACK, secrets(), tracing(), passed());
        // Decoys: another function of the same stack, the same logical id in another stack.
        cfn.add(TYPE_ARN, "HOOK_COMPLETE_FAILED", "BillingFunction", STACK, FAILED_AT.minusSeconds(1), "x", List.of(tracing()));
        cfn.add(TYPE_ARN, "HOOK_COMPLETE_FAILED", "OrdersFunction", OTHER_STACK, FAILED_AT.minusSeconds(1), "x", List.of(tracing()));

        JsonNode answer = invoke("hook-failure-event.json", e -> { });

        assertEquals("IMPORTED", answer.path("result").asText(), answer.toString());
        assertEquals(FINDING_ID, answer.path("findingId").asText());
        Map<String, ObjectNode> stored = hub.findings();
        assertEquals(1, stored.size(), "one finding per blocked function");
        ObjectNode f = stored.get(FINDING_ID);
        assertEquals("2018-10-08", f.path("SchemaVersion").asText());
        assertEquals(FINDING_ID, f.path("Id").asText());
        assertEquals(PRODUCT_ARN, f.path("ProductArn").asText());
        assertEquals("Lambda::Tracing::Hook", f.path("GeneratorId").asText());
        assertEquals(ACCOUNT, f.path("AwsAccountId").asText());
        assertEquals(List.of(Translator.TYPE), strings(f.path("Types")));
        assertTrue(Translator.TYPE.startsWith("Software and Configuration Checks/"));
        assertEquals(FAILED_AT, Instant.parse(f.path("CreatedAt").asText()));
        assertEquals(FAILED_AT, Instant.parse(f.path("UpdatedAt").asText()));
        assertEquals("CRITICAL", f.path("Severity").path("Label").asText(), "the most severe failing rule");
        assertEquals("CRITICAL", f.path("FindingProviderFields").path("Severity").path("Label").asText());
        assertEquals(List.of(Translator.TYPE), strings(f.path("FindingProviderFields").path("Types")));
        assertEquals("Lambda function OrdersFunction in stack orders-service blocked by Lambda::Tracing::Hook",
                f.path("Title").asText());
        String description = f.path("Description").asText();
        assertTrue(description.contains("CREATE of AWS::Lambda::Function OrdersFunction in stack orders-service"), description);
        assertTrue(description.indexOf("[CRITICAL] " + SECRETS) < description.indexOf("[MEDIUM] " + TRACING),
                "failing rules, most severe first: " + description);
        assertFalse(description.contains("lambda-logging-json"), "a passed rule is not listed: " + description);
        JsonNode recommendation = f.path("Remediation").path("Recommendation");
        RuleDefinition secretsRule = catalog.find(SECRETS).orElseThrow();
        RuleDefinition tracingRule = catalog.find(TRACING).orElseThrow();
        assertTrue(recommendation.path("Text").asText().startsWith(SECRETS + ": " + secretsRule.fix().strip().substring(0, 40)),
                recommendation.toString());
        assertTrue(recommendation.path("Text").asText().length() <= 512);
        assertEquals(secretsRule.link(), recommendation.path("Url").asText(), "the catalog link of the most severe rule");
        assertTrue(recommendation.path("Text").asText().contains(TRACING + ": "), recommendation.toString());
        JsonNode resources = f.path("Resources");
        assertEquals(2, resources.size());
        assertEquals("AwsCloudFormationStack", resources.path(0).path("Type").asText());
        assertEquals(STACK, resources.path(0).path("Id").asText());
        assertEquals("aws", resources.path(0).path("Partition").asText());
        assertEquals(REGION, resources.path(0).path("Region").asText());
        assertEquals(STACK + "/OrdersFunction", resources.path(1).path("Id").asText());
        JsonNode other = resources.path(1).path("Details").path("Other");
        assertEquals("OrdersFunction", other.path("LogicalResourceId").asText());
        assertEquals("AWS::Lambda::Function", other.path("ResourceType").asText());
        assertEquals("orders-service", other.path("StackName").asText());
        assertEquals("FAILED", f.path("Compliance").path("Status").asText());
        assertEquals(List.of(SECRETS, TRACING), strings(f.path("Compliance").path("RelatedRequirements")));
        assertEquals("ACTIVE", f.path("RecordState").asText());
        assertEquals("https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/events?stackId="
                + java.net.URLEncoder.encode(STACK, StandardCharsets.UTF_8), f.path("SourceUrl").asText());
        assertEquals(result.id(), f.path("ProductFields").path("HookResultId").asText());

        List<Map<String, String>> calls = cfn.calls();
        assertEquals("ListHookResults", calls.get(0).get("Action"));
        assertEquals(TYPE_ARN, calls.get(0).get("TypeArn"));
        assertEquals("HOOK_COMPLETE_FAILED", calls.get(0).get("Status"));
        assertEquals("GetHookResult", calls.get(calls.size() - 1).get("Action"));
        assertEquals(result.id(), calls.get(calls.size() - 1).get("HookResultId"));
    }

    @Test
    void aRedeployUpdatesTheSameFindingAndKeepsItsCreationTime() throws IOException {
        blocked(FAILED_AT.minusSeconds(2), STACK, secrets(), tracing());
        invoke("hook-failure-event.json", e -> { });
        Instant later = FAILED_AT.plusSeconds(600);
        blocked(later.minusSeconds(2), STACK, tracing());
        JsonNode answer = invoke("hook-failure-event.json", e -> e.put("time", later.toString()));

        assertEquals("IMPORTED", answer.path("result").asText());
        assertEquals(1, hub.findings().size(), "a redeploy updates the finding instead of adding one");
        ObjectNode f = hub.findings().get(FINDING_ID);
        assertEquals(FAILED_AT, Instant.parse(f.path("CreatedAt").asText()));
        assertEquals(later, Instant.parse(f.path("UpdatedAt").asText()));
        assertEquals("MEDIUM", f.path("FindingProviderFields").path("Severity").path("Label").asText());
        assertEquals(List.of(TRACING), strings(f.path("Compliance").path("RelatedRequirements")));
    }

    @Test
    void aLaterPassUpdatesTheFindingToPassedAndResolvesIt() throws IOException {
        blocked(FAILED_AT.minusSeconds(2), STACK, secrets(), tracing());
        invoke("hook-failure-event.json", e -> { });
        cfn.add(TYPE_ARN, "HOOK_COMPLETE_SUCCEEDED", "OrdersFunction", STACK, PASSED_AT.minusSeconds(2), "ok", List.of(passed()));

        JsonNode answer = invoke("hook-success-event.json", e -> { });

        assertEquals("RESOLVED", answer.path("result").asText(), answer.toString());
        assertEquals(FINDING_ID, answer.path("findingId").asText());
        assertEquals(1, hub.findings().size());
        ObjectNode f = hub.findings().get(FINDING_ID);
        assertEquals("PASSED", f.path("Compliance").path("Status").asText());
        assertEquals(List.of(SECRETS, TRACING), strings(f.path("Compliance").path("RelatedRequirements")));
        assertEquals("RESOLVED", f.path("Workflow").path("Status").asText());
        assertEquals("INFORMATIONAL", f.path("FindingProviderFields").path("Severity").path("Label").asText());
        assertEquals(FAILED_AT, Instant.parse(f.path("CreatedAt").asText()));
        assertEquals(PASSED_AT, Instant.parse(f.path("UpdatedAt").asText()));
        assertTrue(f.path("Title").asText().endsWith("passes Lambda::Tracing::Hook"), f.path("Title").asText());
        List<FakeSecurityHub.Call> updates = hub.calls("/findings/batchupdate");
        assertEquals(1, updates.size());
        assertEquals("PATCH", updates.get(0).method());
        assertEquals(PRODUCT_ARN, updates.get(0).body().path("FindingIdentifiers").path(0).path("ProductArn").asText());
        // The stack is in the event: a pass needs no CloudFormation call.
        assertEquals(2, cfn.calls().size(), "only the failure's ListHookResults and GetHookResult");

        // A failure after the pass reopens the same finding.
        Instant again = PASSED_AT.plusSeconds(60);
        blocked(again.minusSeconds(1), STACK, tracing());
        assertEquals("IMPORTED", invoke("hook-failure-event.json", e -> e.put("time", again.toString())).path("result").asText());
        f = hub.findings().get(FINDING_ID);
        assertEquals("FAILED", f.path("Compliance").path("Status").asText());
        assertEquals("NEW", f.path("Workflow").path("Status").asText());
    }

    @Test
    void aPassWithoutAFindingWritesNothing() throws IOException {
        JsonNode answer = invoke("hook-success-event.json", e -> { });
        assertEquals("UNCHANGED", answer.path("result").asText());
        assertTrue(hub.findings().isEmpty());
        assertTrue(hub.calls("/findings/import").isEmpty());
        assertTrue(hub.calls("/findings/batchupdate").isEmpty());
    }

    @Test
    void aLateFailureEventDoesNotReopenANewerResolvedFinding() throws IOException {
        blocked(FAILED_AT.minusSeconds(2), STACK, tracing());
        invoke("hook-failure-event.json", e -> { });
        invoke("hook-success-event.json", e -> { });
        JsonNode answer = invoke("hook-failure-event.json", e -> e.put("time", FAILED_AT.plusSeconds(5).toString()));
        assertEquals("UNCHANGED", answer.path("result").asText());
        assertEquals("PASSED", hub.findings().get(FINDING_ID).path("Compliance").path("Status").asText());
    }

    @Test
    void anEventWithoutAStackTakesItFromTheHookResult() throws IOException {
        blocked(FAILED_AT.minusSeconds(2), STACK, tracing());
        JsonNode answer = invoke("hook-failure-event.json", e -> e.putArray("resources"));
        assertEquals("IMPORTED", answer.path("result").asText());
        assertEquals(STACK, hub.findings().get(FINDING_ID).path("Resources").path(0).path("Id").asText());
    }

    @Test
    void aHookThatErroredIsFoundAmongTheHookFailedResults() throws IOException {
        cfn.add(TYPE_ARN, "HOOK_FAILED", "OrdersFunction", STACK, FAILED_AT.minusSeconds(2),
                "Hook invocation timed out", List.of());
        JsonNode answer = invoke("hook-failure-event.json", e -> { });
        assertEquals("IMPORTED", answer.path("result").asText(), answer.toString());
        ObjectNode f = hub.findings().get(FINDING_ID);
        assertEquals("MEDIUM", f.path("Severity").path("Label").asText(), "a block without a failing rule");
        assertTrue(f.path("Description").asText().contains("without naming a failing rule: Hook invocation timed out"),
                f.path("Description").asText());
        assertEquals(List.of("Lambda::Tracing::Hook"), strings(f.path("Compliance").path("RelatedRequirements")));
        assertEquals(List.of("HOOK_COMPLETE_FAILED", "HOOK_FAILED"), cfn.calls().stream()
                .filter(c -> "ListHookResults".equals(c.get("Action"))).map(c -> c.get("Status")).toList());
    }

    @Test
    void theMatchingResultIsFoundOnALaterPage() throws IOException {
        blocked(FAILED_AT.minusSeconds(30), STACK, secrets());
        for (int i = 0; i < 3; i++) {
            cfn.add(TYPE_ARN, "HOOK_COMPLETE_FAILED", "Other" + i, STACK, FAILED_AT.minusSeconds(i), "x", List.of(tracing()));
        }
        assertEquals("IMPORTED", invoke("hook-failure-event.json", e -> { }).path("result").asText());
        assertEquals(2, cfn.calls().stream().filter(c -> "ListHookResults".equals(c.get("Action"))).count(),
                "the match is on the second page");
        assertEquals("CRITICAL", hub.findings().get(FINDING_ID).path("Severity").path("Label").asText());
    }

    @Test
    void securityHubNotEnabledIsOneClearLineAndNoCrash() throws IOException {
        blocked(FAILED_AT.minusSeconds(2), STACK, tracing());
        hub.notEnabled(true);
        try (LogCapture logs = new LogCapture()) {
            JsonNode answer = invoke("hook-failure-event.json", e -> { });
            assertEquals("NOT_WRITTEN", answer.path("result").asText());
            String text = logs.everything();
            assertTrue(text.contains("no finding written for OrdersFunction in " + STACK
                    + ": Security Hub is not enabled for account 111122223333 in eu-west-1"), text);
            assertTrue(text.contains("aws securityhub enable-security-hub --region eu-west-1"), text);
            assertFalse(text.contains("\tat "), "no stack trace: " + text);
        }
        assertTrue(hub.findings().isEmpty());
    }

    @Test
    void throttlingIsRetriedByTheSdk() throws IOException {
        blocked(FAILED_AT.minusSeconds(2), STACK, tracing());
        hub.throttle(2);
        cfn.throttle(1);
        assertEquals("IMPORTED", invoke("hook-failure-event.json", e -> { }).path("result").asText());
        assertEquals(3, hub.calls("/findings").size(), "two throttled GetFindings attempts, then the answer");
        assertEquals(3, cfn.calls().size(), "one throttled ListHookResults attempt, then the answer, then GetHookResult");
        assertEquals(1, hub.findings().size());
    }

    @Test
    void throttlingBeyondTheRetriesIsOneClearLine() throws IOException {
        blocked(FAILED_AT.minusSeconds(2), STACK, tracing());
        hub.throttle(1000);
        try (LogCapture logs = new LogCapture()) {
            assertEquals("NOT_WRITTEN", invoke("hook-failure-event.json", e -> { }).path("result").asText());
            String text = logs.everything();
            assertTrue(text.contains("Security Hub throttled the call (LimitExceededException (HTTP 429) Rate exceeded, after 3 attempts)"),
                    text);
            assertFalse(text.contains("\tat "), text);
        }
        assertEquals(3, hub.calls().size(), "the SDK's standard mode makes 3 attempts");
    }

    @Test
    void anUnreadableHookResultIsOneClearLine() throws IOException {
        try (LogCapture logs = new LogCapture()) {
            assertEquals("NOT_WRITTEN", invoke("hook-failure-event.json", e -> { }).path("result").asText());
            String text = logs.everything();
            assertTrue(text.contains("cannot read the hook result: ListHookResults lists no HOOK_COMPLETE_FAILED or HOOK_FAILED result of "
                    + TYPE_ARN + " for logical id OrdersFunction in " + STACK), text);
            assertFalse(text.contains("\tat "), text);
        }
        assertTrue(hub.calls().isEmpty(), "nothing is imported without the hook result");
    }

    @Test
    void secretsInTheHookResultNeverReachTheFindingOrTheLog() throws IOException {
        String key = "AKIA" + "ABCDEFGHIJKLMNOP";
        cfn.add(TYPE_ARN, "HOOK_COMPLETE_FAILED", "OrdersFunction", STACK, FAILED_AT.minusSeconds(2),
                "blocked; password=hunter2-" + "canary", List.of(new FakeCloudFormation.Annotation(SECRETS, "FAILED",
                        "CRITICAL", "DB_PASSWORD=hunter2-canary and key " + key, "move it", null)));
        try (LogCapture logs = new LogCapture()) {
            assertEquals("IMPORTED", invoke("hook-failure-event.json", e -> { }).path("result").asText());
            String stored = hub.findings().get(FINDING_ID).toString();
            assertFalse(stored.contains("hunter2-canary"), stored);
            assertFalse(stored.contains(key), stored);
            assertFalse(logs.everything().contains("hunter2-canary"));
        }
    }

    @Test
    void inputThatIsNotAHookEventIsIgnoredWithoutAnyCall() throws IOException {
        List<byte[]> inputs = new ArrayList<>();
        inputs.add("not json".getBytes(StandardCharsets.UTF_8));
        inputs.add("[1,2]".getBytes(StandardCharsets.UTF_8));
        inputs.add(edited("hook-failure-event.json", e -> e.put("source", "aws.s3")));
        inputs.add(edited("hook-failure-event.json", e -> ((ObjectNode) e.path("detail").path("hook-detail"))
                .put("hook-type-name", "Other::Team::Hook")));
        inputs.add(edited("hook-failure-event.json", e -> ((ObjectNode) e.path("detail")).put("status", "IN_PROGRESS")));
        inputs.add(edited("hook-failure-event.json", e -> ((ObjectNode) e.path("detail").path("target-detail"))
                .put("target-id", "../../etc")));
        inputs.add(edited("hook-failure-event.json", e -> e.put("account", "1111")));
        inputs.add(new byte[FindingsHandler.MAX_EVENT_BYTES + 10]);
        try (LogCapture logs = new LogCapture()) {
            for (byte[] input : inputs) {
                assertEquals("IGNORED", run(input).path("result").asText(), new String(input, StandardCharsets.UTF_8));
            }
            assertFalse(logs.everything().contains("\tat "));
        }
        assertTrue(hub.calls().isEmpty());
        assertTrue(cfn.calls().isEmpty());
    }

    private FakeCloudFormation.Result blocked(Instant at, String stack, FakeCloudFormation.Annotation... annotations) {
        return cfn.add(TYPE_ARN, "HOOK_COMPLETE_FAILED", "OrdersFunction", stack, at, "blocked", List.of(annotations));
    }

    private FakeCloudFormation.Annotation secrets() {
        RuleDefinition rule = catalog.find(SECRETS).orElseThrow();
        return new FakeCloudFormation.Annotation(SECRETS, "FAILED", "CRITICAL",
                "Environment variable DB_PASSWORD holds a literal value", rule.fix(), rule.link());
    }

    private FakeCloudFormation.Annotation tracing() {
        RuleDefinition rule = catalog.find(TRACING).orElseThrow();
        return new FakeCloudFormation.Annotation(TRACING, "FAILED", "MEDIUM", "TracingConfig.Mode is not Active",
                rule.fix(), rule.link());
    }

    private static FakeCloudFormation.Annotation passed() {
        return new FakeCloudFormation.Annotation("lambda-logging-json", "PASSED", "LOW", "Compliant", null, null);
    }

    private JsonNode invoke(String sample, Consumer<ObjectNode> edit) throws IOException {
        return run(edited(sample, edit));
    }

    static byte[] edited(String sample, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode event = (ObjectNode) sample(sample);
        edit.accept(event);
        return JSON.writeValueAsBytes(event);
    }

    static JsonNode sample(String name) throws IOException {
        try (InputStream in = FindingsEndToEndTest.class.getResourceAsStream("/findings/" + name)) {
            assertNotNull(in, name);
            return JSON.readTree(in);
        }
    }

    private JsonNode run(byte[] input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), out, null);
        return JSON.readTree(out.toByteArray());
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
