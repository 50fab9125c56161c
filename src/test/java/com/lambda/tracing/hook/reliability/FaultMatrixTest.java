package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 5, item 1: every way AWS Config can misbehave, injected by the embedded endpoint and met by the real SDK over
 * real HTTP through the wrapper's JSON entry point, re-invoked on IN_PROGRESS as CloudFormation does. Each case ends
 * in the decision the type configuration asks for, with a message naming the cause: with OnIndeterminate=FAIL no
 * fault lets a function through; with PASS the indeterminate ones pass, and NON_COMPLIANT still fails.
 */
class FaultMatrixTest {
    /** What a case must end in. */
    enum Expect { COMPLIANT, NON_COMPLIANT, INDETERMINATE }

    /** One row of the matrix: the set-up, the expected outcome and the words the message must contain. */
    record Case(String name, Expect expect, String cause, Consumer<ConfigEndpoint> faults,
                Map<String, Object> extraConfiguration, boolean nonCompliantFunction, boolean withRules,
                Map<String, Object> properties) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Map<String, String> OBSERVED = new ConcurrentHashMap<>();
    private ConfigEndpoint endpoint;

    static Case recover(String name, Consumer<ConfigEndpoint> faults) {
        return new Case(name, Expect.COMPLIANT, "complies with the AWS Config rules", faults, Map.of(), false, true, null);
    }

    static Case indeterminate(String name, String cause, Consumer<ConfigEndpoint> faults, Object... config) {
        Map<String, Object> extra = new TreeMap<>();
        for (int i = 0; i < config.length; i += 2) {
            extra.put((String) config[i], config[i + 1]);
        }
        return new Case(name, Expect.INDETERMINATE, cause, faults, extra, false, true, null);
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // Faults the SDK's retries absorb: the verdict is Config's, as if nothing had happened.
        cases.add(recover("throttling burst (2 x ThrottlingException on Start)",
                e -> e.faults().throttle(Trigger.firstN(2), "StartResourceEvaluation")));
        cases.add(recover("HTTP 500 burst (2 x on Summary)",
                e -> e.faults().serverError(500, Trigger.firstN(2), "GetResourceEvaluationSummary")));
        cases.add(recover("HTTP 503 burst (2 x on Details)",
                e -> e.faults().serverError(503, Trigger.firstN(2), "GetComplianceDetailsByResource")));
        cases.add(recover("connection reset once (Start)",
                e -> e.faults().resetConnection(Trigger.firstN(1), "StartResourceEvaluation")));
        cases.add(recover("connection closed mid-response once (Summary)",
                e -> e.faults().closeMidResponse(Trigger.firstN(1), "GetResourceEvaluationSummary")));
        cases.add(recover("every 3rd request throttled",
                e -> e.faults().throttle(Trigger.everyNth(3))));
        cases.add(recover("throttling burst longer than the SDK's retries (5 x on Summary)",
                e -> e.faults().throttle(Trigger.firstN(5), "GetResourceEvaluationSummary")));
        cases.add(recover("HTTP 503 burst longer than the SDK's retries (5 x on Details)",
                e -> e.faults().serverError(503, Trigger.firstN(5), "GetComplianceDetailsByResource")));
        cases.add(recover("evaluation slower than one invocation (IN_PROGRESS, then verdict)",
                e -> e.faults().evaluationDelay(Duration.ofMillis(3000))));
        // Faults that survive the retries, and answers without a verdict: indeterminate.
        cases.add(indeterminate("throttling that never stops", "kept throttling",
                e -> e.faults().throttle(Trigger.always())));
        cases.add(indeterminate("HTTP 500 on every call", "kept failing with a server error",
                e -> e.faults().serverError(500, Trigger.always())));
        cases.add(indeterminate("HTTP 503 on every Summary call", "kept failing with a server error",
                e -> e.faults().serverError(503, Trigger.always(), "GetResourceEvaluationSummary"), "MaxReinvocations", "1"));
        cases.add(indeterminate("connection reset on every call", "a call to AWS Config failed",
                e -> e.faults().resetConnection(Trigger.always())));
        cases.add(indeterminate("connection closed mid-response on every Details call", "a call to AWS Config failed",
                e -> e.faults().closeMidResponse(Trigger.always(), "GetComplianceDetailsByResource"), "MaxReinvocations", "1"));
        cases.add(indeterminate("responses slower than the last invocation's time (5 s latency)", "re-invocation budget ran out",
                e -> e.faults().latency(Duration.ofSeconds(5), "GetResourceEvaluationSummary"), "MaxReinvocations", "0"));
        cases.add(indeterminate("evaluation FAILED", "the AWS Config evaluation failed",
                e -> e.faults().failEvaluations(Trigger.always())));
        cases.add(indeterminate("evaluation timed out (delay > EvaluationTimeout)", "timed out",
                e -> e.faults().evaluationDelay(Duration.ofSeconds(3)), "EvaluationTimeoutSeconds", "1"));
        cases.add(indeterminate("evaluation stuck IN_PROGRESS past MaxReinvocations", "re-invocation budget ran out",
                e -> e.faults().neverFinish(Trigger.always()), "MaxReinvocations", "2"));
        cases.add(indeterminate("ResourceNotFoundException for a known id", "no longer knows the evaluation",
                e -> e.faults().forgetEvaluations(Trigger.always())));
        cases.add(indeterminate("malformed JSON from Start", "cannot read",
                e -> e.faults().malformedJson(Trigger.always(), "StartResourceEvaluation")));
        cases.add(indeterminate("malformed JSON from Summary", "cannot read",
                e -> e.faults().malformedJson(Trigger.always(), "GetResourceEvaluationSummary")));
        cases.add(indeterminate("malformed JSON from Details", "cannot read",
                e -> e.faults().malformedJson(Trigger.always(), "GetComplianceDetailsByResource")));
        cases.add(indeterminate("unknown enum values in the summary", "cannot read",
                e -> e.faults().unknownEnums(Trigger.always())));
        cases.add(indeterminate("SUCCEEDED with no results", "no rule results",
                e -> e.faults().succeedWithoutResults(Trigger.always())));
        cases.add(indeterminate("a required rule missing", "required AWS Config rule",
                e -> { }, "RequiredRules", List.of("lambda-tracing-active", "org-rule-not-deployed")));
        cases.add(new Case("no proactive rule deployed (INSUFFICIENT_DATA)", Expect.INDETERMINATE, "INSUFFICIENT_DATA",
                e -> { }, Map.of(), false, false, null));
        Map<String, Object> huge = Functions.compliant("fn-huge");
        huge.put("Environment", Map.of("Variables", Map.of("BLOB", "x".repeat(60_000))));
        cases.add(new Case("properties over 51,200 characters", Expect.INDETERMINATE, "51,200-character limit",
                e -> { }, Map.of(), false, true, huge));
        cases.add(new Case("IdempotentParameterMismatch (same token, changed properties)", Expect.INDETERMINATE,
                "IdempotentParameterMismatch", e -> { }, Map.of(), false, true, null));
        // Config's verdict stands whatever the faults and OnIndeterminate say.
        cases.add(new Case("NON_COMPLIANT behind a throttling burst and a 503", Expect.NON_COMPLIANT, "lambda-tracing-active",
                e -> e.faults().throttle(Trigger.firstN(1), "StartResourceEvaluation")
                        .serverError(503, Trigger.firstN(1), "GetComplianceDetailsByResource"),
                Map.of(), true, true, null));
        return cases;
    }

    static Stream<Arguments> matrix() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, "FAIL"), Arguments.of(c, "PASS")));
    }

    @AfterEach
    void stop() {
        HookDriver.stop(endpoint);
    }

    @ParameterizedTest(name = "{0} / OnIndeterminate={1}")
    @MethodSource("matrix")
    void everyFaultEndsInTheConfiguredDecision(Case c, String onIndeterminate) {
        endpoint = HookDriver.endpoint(c.withRules()
                ? ConfigEndpoint.builder().rules(HookDriver.rulePack()) : ConfigEndpoint.builder());
        String name = "fn" + Math.abs(c.name().hashCode());
        Map<String, Object> properties = c.properties() != null ? c.properties()
                : c.nonCompliantFunction() ? Functions.nonCompliant(name) : Functions.compliant(name);
        // The driver waits a tenth of each callback delay, so the polling time (4 x 2 s) is what the evaluations get;
        // the EvaluationTimeout sent is clamped to the budget (11 s, or 5 s with MaxReinvocations 1).
        ObjectNode model = HookDriver.typeConfiguration("OnIndeterminate", onIndeterminate, "MaxReinvocations", "3",
                "MaxWaitPerInvocationSeconds", "2", "CallbackDelaySeconds", "1", "EvaluationTimeoutSeconds", "30");
        c.extraConfiguration().forEach((k, v) -> model.set(k, HookDriver.JSON.valueToTree(v)));
        ObjectNode request = HookDriver.request("token-" + name + "-" + onIndeterminate, "matrix-stack", "Function" + name,
                properties, model);
        if (c.name().startsWith("IdempotentParameterMismatch")) {
            // A first attempt with other properties used the same client request token (and so the same ClientToken).
            ObjectNode earlier = request.deepCopy();
            ((ObjectNode) earlier.path("requestData").path("targetModel"))
                    .set("resourceProperties", HookDriver.JSON.valueToTree(Functions.compliant(name + "-earlier")));
            HookDriver.drive(earlier, 0.1);
        }
        c.faults().accept(endpoint);

        HookDriver.Run run = HookDriver.drive(request, 0.1);

        for (var answer : run.answers()) {
            assertNull(HookDriver.problemWith(answer), () -> "bad answer " + answer);
        }
        boolean pass = onIndeterminate.equals("PASS");
        String expectedStatus = switch (c.expect()) {
            case COMPLIANT -> "SUCCESS";
            case NON_COMPLIANT -> "FAILED";
            case INDETERMINATE -> pass ? "SUCCESS" : "FAILED";
        };
        OBSERVED.put(c.name() + " | " + onIndeterminate, run.status() + (run.errorCode() == null ? "" : "/" + run.errorCode())
                + " | " + run.inProgressAnswers() + " | " + run.totalMillis() + " | "
                + run.message().replace('\n', ' ').replace("|", "\\|"));
        assertEquals(expectedStatus, run.status(), () -> c + ": " + run.last());
        assertTrue(run.message().contains(c.cause()), () -> c + ": the message must name the cause '" + c.cause() + "': " + run.message());
        assertFalse(run.message().contains("…"), () -> "nothing in a short message is cut: " + run.message());
        if (c.expect() == Expect.INDETERMINATE) {
            assertTrue(run.message().contains(pass ? "OnIndeterminate=PASS" : "fails closed"), run.message());
        }
        if (run.status().equals("FAILED")) {
            assertEquals("NonCompliant", run.errorCode(), run.last().toString());
        }
        if (c.expect() == Expect.NON_COMPLIANT) {
            assertTrue(run.last().path("annotations").toString().contains("\"status\":\"FAILED\""), run.last().toString());
        }
        assertTrue(run.inProgressAnswers() <= 3, "IN_PROGRESS answers within CloudFormation's 3: " + run.inProgressAnswers());
        if (c.cause().equals("re-invocation budget ran out")) {
            // The last invocation the budget allows decides itself: exactly MaxReinvocations IN_PROGRESS answers.
            assertEquals(Integer.parseInt(String.valueOf(c.extraConfiguration().get("MaxReinvocations"))), run.inProgressAnswers(),
                    () -> c + ": " + run.answers());
            assertTrue(run.message().contains("EvaluationTimeout asked of AWS Config: "), run.message());
        }
        // Re-invocations and retries (of the idempotent start too) continue one evaluation; the mismatch case made
        // its first one with the earlier properties.
        long expectedEvaluations = c.name().startsWith("IdempotentParameterMismatch") ? 1 : run.message().contains("AWS Config evaluation: ") ? 1 : 0;
        assertEquals(expectedEvaluations, endpoint.stats().evaluationsCreated(), () -> c + ": evaluations created");
    }

    /** The observed matrix, for doc/reliability.md. */
    @AfterAll
    static void writeMatrix() throws IOException {
        Path out = HookDriver.ROOT.resolve("target/reliability/fault-matrix.md");
        Files.createDirectories(out.getParent());
        StringBuilder md = new StringBuilder("| case | OnIndeterminate | answer | IN_PROGRESS answers | ms | message |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        new TreeMap<>(OBSERVED).forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Files.writeString(out, md);
    }
}
