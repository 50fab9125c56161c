package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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

        assertEquals(120, s.evaluationTimeoutSeconds());
        assertEquals(OnIndeterminate.FAIL, s.onIndeterminate());
        assertEquals(List.of(), s.requiredRules());
        assertEquals(10, s.maxReinvocations());
        assertEquals(Duration.ofSeconds(20), s.maxWaitPerInvocation());
        assertEquals(3, s.callbackDelaySeconds());
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
                {"EvaluationTimeoutSeconds":60,"MaxWaitPerInvocationSeconds":25.0,"RequiredRules":"r1, r2,r1"}""",
                TypeConfigurationModel.class);

        EvaluationSettings s = HookSettings.from(model);

        assertEquals(60, s.evaluationTimeoutSeconds());
        assertEquals(Duration.ofSeconds(25), s.maxWaitPerInvocation());
        assertEquals(List.of("r1", "r2"), s.requiredRules());
    }

    @Test
    void stringifiedListOfRulesIsAccepted() throws Exception {
        EvaluationSettings s = HookSettings.from(new TypeConfigurationModel().setRequiredRules("[\"r1\", \"r2\"]"));

        assertEquals(List.of("r1", "r2"), s.requiredRules());
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
        "{\"MaxWaitPerInvocationSeconds\":\"26\"}|MaxWaitPerInvocationSeconds",
        "{\"CallbackDelaySeconds\":\"soon\"}|CallbackDelaySeconds"
    })
    void invalidValuesNameTheirField(String json, String field) throws Exception {
        TypeConfigurationModel model = JSON.readValue(json, TypeConfigurationModel.class);

        HookSettings.InvalidSetting e = assertThrows(HookSettings.InvalidSetting.class, () -> HookSettings.from(model));

        assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    }
}
