package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.evaluation.EvaluationBudget;
import com.lambda.tracing.hook.evaluation.EvaluationSettings;
import com.lambda.tracing.hook.evaluation.OnIndeterminate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HookSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nullConfigurationMeansDefaults() throws Exception {
        EvaluationSettings s = HookSettings.from(null);

        assertEquals(90, s.evaluationTimeoutSeconds());
        assertEquals(OnIndeterminate.FAIL, s.onIndeterminate());
        assertEquals(List.of(), s.requiredRules());
        assertEquals(2, s.maxReinvocations());
        assertEquals(Duration.ofSeconds(20), s.maxWaitPerInvocation());
        assertEquals(30, s.callbackDelaySeconds());
        assertEquals(s, HookSettings.from(new TypeConfigurationModel()));
    }

    @Test
    void stringScalarsFromCloudFormationAreAccepted() throws Exception {
        TypeConfigurationModel model = JSON.readValue("""
                {"EvaluationTimeoutSeconds":"900","OnIndeterminate":"pass","RequiredRules":["a","b-conformance-pack-x"],
                 "MaxReinvocations":"0","MaxWaitPerInvocationSeconds":"5","CallbackDelaySeconds":"10"}""", TypeConfigurationModel.class);

        EvaluationSettings s = HookSettings.from(model);

        assertEquals(900, s.evaluationTimeoutSeconds());
        assertEquals(OnIndeterminate.PASS, s.onIndeterminate());
        assertEquals(List.of("a", "b-conformance-pack-x"), s.requiredRules());
        assertEquals(0, s.maxReinvocations());
        assertEquals(Duration.ofSeconds(5), s.maxWaitPerInvocation());
        assertEquals(10, s.callbackDelaySeconds());
    }

    @Test
    void numbersAndCommaSeparatedRulesAreAccepted() throws Exception {
        TypeConfigurationModel model = JSON.readValue("""
                {"EvaluationTimeoutSeconds":60,"MaxWaitPerInvocationSeconds":20.0,"RequiredRules":"r1, r2,r1"}""",
                TypeConfigurationModel.class);

        EvaluationSettings s = HookSettings.from(model);

        assertEquals(60, s.evaluationTimeoutSeconds());
        assertEquals(Duration.ofSeconds(20), s.maxWaitPerInvocation());
        assertEquals(List.of("r1", "r2"), s.requiredRules());
    }

    @Test
    void stringifiedListOfRulesIsAccepted() throws Exception {
        EvaluationSettings s = HookSettings.from(new TypeConfigurationModel().setRequiredRules("[\"r1\", \"r2\"]"));

        assertEquals(List.of("r1", "r2"), s.requiredRules());
    }

    @Test
    void theDefaultBudgetFitsCloudFormationAndConfigsTimeoutFitsTheBudget() throws Exception {
        EvaluationBudget budget = EvaluationBudget.of(HookSettings.from(null));

        assertEquals(3, budget.invocations(), "MaxReinvocations 2: the third invocation decides");
        assertEquals(3 * 20 + 2 * 30, budget.totalSeconds());
        assertEquals(90, budget.configTimeoutSeconds());
        assertFalse(budget.clamped());
    }

    @Test
    void theTimeoutSentToConfigNeverExceedsWhatTheHookCanWait() throws Exception {
        EvaluationBudget budget = EvaluationBudget.of(HookSettings.from(new TypeConfigurationModel()
                .setEvaluationTimeoutSeconds(3600).setMaxReinvocations(1).setMaxWaitPerInvocationSeconds(10)
                .setCallbackDelaySeconds(5)));

        assertEquals(2 * 10 + 5, budget.totalSeconds());
        assertEquals(24, budget.configTimeoutSeconds(), "the budget minus a margin for the last polls");
        assertEquals(3600, budget.requestedTimeoutSeconds());
        assertTrue(budget.clamped());
        // the smallest budget still asks Config for a valid timeout
        assertEquals(1, EvaluationBudget.of(HookSettings.from(new TypeConfigurationModel().setMaxReinvocations(0)
                .setMaxWaitPerInvocationSeconds(1))).configTimeoutSeconds());
    }

    @Test
    void moreInProgressAnswersThanCloudFormationAllowsAreRefusedWithItsReason() throws Exception {
        assertEquals(3, HookSettings.from(new TypeConfigurationModel().setMaxReinvocations(3)).maxReinvocations());
        HookSettings.InvalidSetting e = assertThrows(HookSettings.InvalidSetting.class,
                () -> HookSettings.from(new TypeConfigurationModel().setMaxReinvocations(4)));

        assertEquals("MaxReinvocations must be an integer from 0 to 3, got 4 (CloudFormation accepts at most 3 IN_PROGRESS "
                + "answers and then fails the hook with its own message)", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"EvaluationTimeoutSeconds\":\"0\"}|EvaluationTimeoutSeconds",
        "{\"EvaluationTimeoutSeconds\":3601}|EvaluationTimeoutSeconds",
        "{\"EvaluationTimeoutSeconds\":\"1.5\"}|EvaluationTimeoutSeconds",
        "{\"OnIndeterminate\":\"WARN\"}|OnIndeterminate",
        "{\"OnIndeterminate\":true}|OnIndeterminate",
        "{\"RequiredRules\":[\"\"]}|RequiredRules",
        "{\"RequiredRules\":{\"a\":1}}|RequiredRules",
        "{\"MaxReinvocations\":\"-1\"}|MaxReinvocations",
        "{\"MaxReinvocations\":4}|MaxReinvocations",
        "{\"MaxReinvocations\":\"10\"}|MaxReinvocations",
        "{\"MaxWaitPerInvocationSeconds\":\"21\"}|MaxWaitPerInvocationSeconds",
        "{\"CallbackDelaySeconds\":61}|CallbackDelaySeconds",
        "{\"CallbackDelaySeconds\":\"soon\"}|CallbackDelaySeconds"
    })
    void invalidValuesNameTheirField(String json, String field) throws Exception {
        TypeConfigurationModel model = JSON.readValue(json, TypeConfigurationModel.class);

        HookSettings.InvalidSetting e = assertThrows(HookSettings.InvalidSetting.class, () -> HookSettings.from(model));

        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }
}
