package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, item 2: the wall time of every invocation against a slow endpoint, the number of IN_PROGRESS answers, and
 * one StartResourceEvaluation per function per deployment across re-invocations. Each invocation may poll for
 * MaxWaitPerInvocationSeconds and let calls in flight run 4 s longer (never past 24 s, leaving 6 s of CloudFormation's
 * 30 s to the wrapper); the bounds asserted here add 2 s of slack for a loaded machine and a cold JVM. The measured
 * figures go to target/reliability/budgets.txt. ReinvocationBudgetTest pins the same limits on a fake clock.
 */
class BudgetTest {
    private static final Path FIGURES = HookDriver.ROOT.resolve("target/reliability/budgets.txt");
    private static final long GRACE_MILLIS = 4_000;
    private static final long SLACK_MILLIS = 2_000;
    private ConfigEndpoint endpoint;

    @BeforeAll
    static void fresh() throws IOException {
        Files.createDirectories(FIGURES.getParent());
        Files.deleteIfExists(FIGURES);
    }

    @AfterEach
    void stop() {
        HookDriver.stop(endpoint);
    }

    @Test
    void slowEveryCallStillOneEvaluationAndBoundedInvocations() throws IOException {
        endpoint = HookDriver.endpoint(ConfigEndpoint.builder().rules(HookDriver.rulePack()));
        endpoint.faults().latency(Duration.ofSeconds(1)).evaluationDelay(Duration.ofSeconds(5));
        ObjectNode model = HookDriver.typeConfiguration("MaxWaitPerInvocationSeconds", "2", "CallbackDelaySeconds", "1",
                "MaxReinvocations", "3");

        HookDriver.Run run = HookDriver.drive(HookDriver.request("budget-1", "budget-stack", "SlowFunction",
                Functions.compliant("slow-fn"), model), 0.1);

        record(run, "1 s latency on every call, evaluation 5 s, MaxWait 2 s");
        assertEquals("SUCCESS", run.status(), run.last().toString());
        assertTrue(run.inProgressAnswers() >= 1, "the evaluation outlasts one invocation");
        assertTrue(run.inProgressAnswers() <= 3, "IN_PROGRESS answers stay within MaxReinvocations");
        assertWithin(run, 2);
        assertEquals(1, endpoint.stats().startCalls("budget-stack", "SlowFunction"),
                "re-invocations continue the same evaluation");
        assertEquals(1, endpoint.stats().evaluationsCreated());
        String evaluationId = run.answers().get(0).path("callbackContext").path("evaluationId").asText();
        for (JsonNode answer : run.answers()) {
            if (answer.has("callbackContext") && answer.get("callbackContext").isObject()) {
                assertEquals(evaluationId, answer.path("callbackContext").path("evaluationId").asText());
            }
        }
        assertTrue(run.message().endsWith(evaluationId), run.message());
    }

    /**
     * The evaluation finishes just before the polling budget ends and its results come slowly, page by page: the hook
     * must not keep reading past its limit (it answers IN_PROGRESS and reads them in the next invocation).
     */
    @Test
    void slowResultPagesDoNotStretchAnInvocation() throws IOException {
        endpoint = HookDriver.endpoint(ConfigEndpoint.builder().rules(HookDriver.rulePack()).compliancePageSize(2));
        endpoint.faults().latency(Duration.ofMillis(1_500), "GetComplianceDetailsByResource")
                .evaluationDelay(Duration.ofSeconds(6));
        ObjectNode model = HookDriver.typeConfiguration("MaxWaitPerInvocationSeconds", "8", "CallbackDelaySeconds", "1");

        HookDriver.Run run = HookDriver.drive(HookDriver.request("budget-2", "budget-stack", "PagedFunction",
                Functions.nonCompliant("paged-fn"), model), 0.1);

        record(run, "evaluation 6 s, 6 result pages at 1.5 s each, MaxWait 8 s");
        assertWithin(run, 8);
        assertEquals("FAILED", run.status(), run.last().toString());
        assertEquals("NonCompliant", run.errorCode());
        assertTrue(run.message().contains("lambda-tracing-active"), run.message());
        assertEquals(11, run.last().path("annotations").size(), "every page was read: " + run.last());
        assertEquals(1, endpoint.stats().startCalls("budget-stack", "PagedFunction"));
    }

    /** The defaults (MaxWait 20 s) against answers that each take 3.5 s, with an evaluation that never ends. */
    @Test
    void defaultBudgetAgainstAVerySlowEndpoint() throws IOException {
        endpoint = HookDriver.endpoint(ConfigEndpoint.builder().rules(HookDriver.rulePack()));
        endpoint.faults().latency(Duration.ofMillis(3_500)).neverFinish(Trigger.always());
        ObjectNode model = HookDriver.typeConfiguration("MaxReinvocations", "0");

        HookDriver.Run run = HookDriver.drive(HookDriver.request("budget-3", "budget-stack", "StuckFunction",
                Functions.compliant("stuck-fn"), model), 0.1);

        record(run, "3.5 s latency on every call, evaluation never ends, defaults (MaxWait 20 s), MaxReinvocations 0");
        assertNull(HookDriver.problemWith(run.last()));
        assertEquals("FAILED", run.status(), "fails closed: " + run.last());
        assertTrue(run.message().contains("re-invocation budget ran out"), run.message());
        assertEquals(1, run.answers().size());
        assertWithin(run, 20);
        assertTrue(run.maxInvocationMillis() <= 24_000 + SLACK_MILLIS, "no invocation over 24 s: " + run.maxInvocationMillis());
    }

    private static void assertWithin(HookDriver.Run run, int maxWaitSeconds) {
        long bound = maxWaitSeconds * 1000L + GRACE_MILLIS + SLACK_MILLIS;
        for (int i = 0; i < run.invocationMillis().size(); i++) {
            long ms = run.invocationMillis().get(i);
            int n = i + 1;
            assertTrue(ms <= bound, () -> "invocation " + n + " took " + ms + " ms, more than " + bound + " ms: " + run.invocationMillis());
        }
    }

    private static void record(HookDriver.Run run, String scenario) throws IOException {
        Files.writeString(FIGURES, scenario + ": invocations " + run.invocationMillis() + " ms, IN_PROGRESS answers "
                        + run.inProgressAnswers() + ", final " + run.status() + ", total " + run.totalMillis() + " ms\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
