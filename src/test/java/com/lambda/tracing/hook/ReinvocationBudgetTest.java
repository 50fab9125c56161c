package com.lambda.tracing.hook;

import static com.lambda.tracing.hook.evaluation.ConfigResponses.page;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.result;
import static com.lambda.tracing.hook.evaluation.ConfigResponses.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.lambda.tracing.hook.evaluation.EvaluationBudget;
import com.lambda.tracing.hook.evaluation.EvaluationSettings;
import com.lambda.tracing.hook.rules.RuleCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByResourceRequest;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryRequest;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;
import software.amazon.cloudformation.proxy.HandlerErrorCode;
import software.amazon.cloudformation.proxy.OperationStatus;
import software.amazon.cloudformation.proxy.ProgressEvent;
import software.amazon.cloudformation.proxy.hook.targetmodel.HookTargetModel;

/**
 * CloudFormation's contract (Hooks User Guide, "Timeout and retry limits"): 30 s per invocation and at most 3
 * IN_PROGRESS answers. An evaluation that never finishes must end in the hook's own decision, never in
 * CloudFormation's: exactly MaxReinvocations IN_PROGRESS answers, then FAILED naming the cause, how long the hook
 * waited, over how many invocations, and the EvaluationTimeout it asked of Config. Time is a fake clock that moves
 * with the hook's own sleeps, Config's answers and CloudFormation's callback delay, so the bounds hold on any machine.
 */
class ReinvocationBudgetTest {
    private static final long CLOUDFORMATION_INVOCATION_MILLIS = 30_000;

    private final HandlerFixture hook = new HandlerFixture(1_700_000_000_000L, new RuleCatalog(List.of()), "eval-stuck");

    /** The evaluation never leaves IN_PROGRESS; each summary call takes {@code latencyMillis} of Config's time. */
    private void neverFinishes(long latencyMillis) {
        when(hook.client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class))).thenAnswer(call -> {
            hook.time.advance(Duration.ofMillis(latencyMillis));
            return summary(ResourceEvaluationStatus.IN_PROGRESS, null);
        });
    }

    private record Deployment(List<ProgressEvent<HookTargetModel, CallbackContext>> answers, List<Long> invocationMillis,
                              long invocationTotalMillis) {
        ProgressEvent<HookTargetModel, CallbackContext> last() {
            return answers.get(answers.size() - 1);
        }

        long inProgress() {
            return answers.stream().filter(a -> a.getStatus() == OperationStatus.IN_PROGRESS).count();
        }
    }

    /** Invokes the handler as CloudFormation does, waiting each callbackDelaySeconds, for up to 3 IN_PROGRESS answers. */
    private Deployment deploy(TypeConfigurationModel config) {
        List<ProgressEvent<HookTargetModel, CallbackContext>> answers = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        CallbackContext context = null;
        for (int invocation = 1; invocation <= 4; invocation++) {
            long start = hook.time.millis();
            ProgressEvent<HookTargetModel, CallbackContext> answer = hook.invoke(context, config);
            durations.add(hook.time.millis() - start);
            answers.add(answer);
            if (answer.getStatus() != OperationStatus.IN_PROGRESS) {
                break;
            }
            context = answer.getCallbackContext();
            hook.time.advance(Duration.ofSeconds(answer.getCallbackDelaySeconds()));
        }
        return new Deployment(answers, durations, durations.stream().mapToLong(Long::longValue).sum());
    }

    @ParameterizedTest(name = "MaxReinvocations {0}, Config answering in {1} ms")
    @CsvSource({"0, 0", "1, 0", "2, 0", "3, 0", "2, 3500", "3, 7900"})
    void aNeverFinishingEvaluationEndsInTheHooksOwnDecision(int maxReinvocations, long latencyMillis) {
        neverFinishes(latencyMillis);
        TypeConfigurationModel config = new TypeConfigurationModel().setMaxReinvocations(maxReinvocations);
        EvaluationBudget budget = EvaluationBudget.of(settings(config));

        Deployment d = deploy(config);

        assertEquals(maxReinvocations, d.inProgress(), "exactly MaxReinvocations IN_PROGRESS answers: " + d.answers());
        assertEquals(maxReinvocations + 1, d.answers().size());
        for (int i = 0; i < maxReinvocations; i++) {
            assertEquals(OperationStatus.IN_PROGRESS, d.answers().get(i).getStatus());
            assertEquals(30, d.answers().get(i).getCallbackDelaySeconds());
            assertNull(d.answers().get(i).getErrorCode(), "IN_PROGRESS carries no error code");
        }
        ProgressEvent<HookTargetModel, CallbackContext> last = d.last();
        assertEquals(OperationStatus.FAILED, last.getStatus(), "the hook decides, fail closed: " + last.getMessage());
        assertEquals(HandlerErrorCode.NonCompliant, last.getErrorCode());
        String message = last.getMessage();
        assertTrue(message.contains("re-invocation budget ran out"), message);
        int invocations = maxReinvocations + 1;
        assertTrue(message.contains(" over " + invocations + (invocations == 1 ? " invocation " : " invocations ")), message);
        assertTrue(message.contains("MaxReinvocations=" + maxReinvocations), message);
        assertTrue(message.contains("EvaluationTimeout asked of AWS Config: " + budget.configTimeoutSeconds() + " s"), message);
        assertTrue(message.matches("(?s).*the hook waited \\d+ s.*"), message);

        for (long ms : d.invocationMillis()) {
            assertTrue(ms < CLOUDFORMATION_INVOCATION_MILLIS, "every invocation within CloudFormation's 30 s: " + d.invocationMillis());
        }
        assertTrue(d.invocationTotalMillis() <= invocations * CLOUDFORMATION_INVOCATION_MILLIS,
                "within (MaxReinvocations + 1) x 30 s of invocation time: " + d.invocationMillis());
        verify(hook.client, times(1)).startResourceEvaluation(any(StartResourceEvaluationRequest.class));
        assertTrue(hook.logLines.get(hook.logLines.size() - 1).contains("\"cause\":\"REINVOCATIONS_EXHAUSTED\""), hook.logLines.toString());
    }

    @Test
    void withTheDefaultsConfigsOwnTimeoutFitsInsideTheBudget() {
        neverFinishes(0);
        TypeConfigurationModel config = new TypeConfigurationModel();

        Deployment d = deploy(config);

        ArgumentCaptor<StartResourceEvaluationRequest> start = ArgumentCaptor.forClass(StartResourceEvaluationRequest.class);
        verify(hook.client).startResourceEvaluation(start.capture());
        assertEquals(90, start.getValue().evaluationTimeout());
        assertEquals(2, d.inProgress());
        // 3 invocations of 20 s, 30 s apart: the hook's own decision comes 120 s after the start, later than Config's
        // 90 s timeout plus the hook's grace for it, so a Config that honours its timeout is what a user normally sees.
        assertEquals(20_000L * 3, d.invocationTotalMillis(), d.invocationMillis().toString());
        assertTrue(d.last().getMessage().contains("the hook waited 120 s over 3 invocations"), d.last().getMessage());
        String log = hook.logLines.get(hook.logLines.size() - 1);
        assertTrue(log.contains("\"budget\":{\"invocations\":3,\"totalSeconds\":120,\"evaluationTimeoutSeconds\":90}"), log);
    }

    @Test
    void anEvaluationTimeoutLongerThanTheBudgetIsClampedAndTheLogSaysSo() {
        neverFinishes(0);
        TypeConfigurationModel config = new TypeConfigurationModel().setEvaluationTimeoutSeconds(900)
                .setMaxReinvocations(1).setCallbackDelaySeconds(10);

        Deployment d = deploy(config);

        ArgumentCaptor<StartResourceEvaluationRequest> start = ArgumentCaptor.forClass(StartResourceEvaluationRequest.class);
        verify(hook.client).startResourceEvaluation(start.capture());
        assertEquals(2 * 20 + 10 - 1, start.getValue().evaluationTimeout(), "the budget minus the margin for the last polls");
        assertTrue(d.last().getMessage().contains("EvaluationTimeout asked of AWS Config: 49 s"), d.last().getMessage());
        String log = hook.logLines.get(hook.logLines.size() - 1);
        assertTrue(log.contains("\"requestedEvaluationTimeoutSeconds\":900"), log);
        assertTrue(log.contains("EvaluationTimeoutSeconds 900 is longer than the hook can wait (50 s over 2 invocations)"), log);
    }

    /** An evaluation that finishes during a callback delay is decided by the next invocation, without another start. */
    @Test
    void aSlowEvaluationFinishesWithinTheBudgetWithoutSpendingIt() {
        long finishesAt = hook.time.millis() + 45_000;
        when(hook.client.getResourceEvaluationSummary(any(GetResourceEvaluationSummaryRequest.class))).thenAnswer(call ->
                hook.time.millis() < finishesAt ? summary(ResourceEvaluationStatus.IN_PROGRESS, null)
                        : summary(ResourceEvaluationStatus.SUCCEEDED, ComplianceType.COMPLIANT));
        when(hook.client.getComplianceDetailsByResource(any(GetComplianceDetailsByResourceRequest.class)))
                .thenReturn(page(null,
                        result("lambda-tracing-active",
                                ComplianceType.COMPLIANT, null)));

        Deployment d = deploy(new TypeConfigurationModel());

        assertEquals(OperationStatus.SUCCESS, d.last().getStatus(), d.last().getMessage());
        assertEquals(1, d.inProgress(), "Config finished during the first 30 s delay; the second invocation decides");
        assertNotNull(d.last().getMessage());
        verify(hook.client, times(1)).startResourceEvaluation(any(StartResourceEvaluationRequest.class));
    }

    private static EvaluationSettings settings(TypeConfigurationModel config) {
        try {
            return HookSettings.from(config);
        } catch (HookSettings.InvalidSetting e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
