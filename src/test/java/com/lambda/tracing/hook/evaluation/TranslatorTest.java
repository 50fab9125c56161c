package com.lambda.tracing.hook.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.model.EvaluationMode;
import software.amazon.awssdk.services.config.model.ResourceConfigurationSchemaType;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;

class TranslatorTest {
    private static final String STACK = "arn:aws:cloudformation:eu-west-1:123456789012:stack/payments/0f6a1e20-1111-2222-3333-444455556666";

    private static EvaluationTarget target(String token, String logicalId, String point) {
        return new EvaluationTarget(token, STACK, logicalId, point, "AWS::Lambda::Function", Map.of("Runtime", "java21"));
    }

    @Test
    void clientTokenIs64HexAndStableAcrossInvocations() {
        String first = Translator.clientToken(target("req-1", "Fn", "preCreate"));
        String again = Translator.clientToken(target("req-1", "Fn", "preCreate"));

        assertTrue(first.matches("[0-9a-f]{64}"), first);
        assertEquals(first, again);
    }

    @Test
    void clientTokenDiffersPerRequestTargetAndInvocationPoint() {
        String base = Translator.clientToken(target("req-1", "Fn", "preCreate"));

        assertNotEquals(base, Translator.clientToken(target("req-2", "Fn", "preCreate")));
        assertNotEquals(base, Translator.clientToken(target("req-1", "Other", "preCreate")));
        assertNotEquals(base, Translator.clientToken(target("req-1", "Fn", "preUpdate")));
        assertNotEquals(base, Translator.clientToken(new EvaluationTarget("req-1", STACK + "x", "Fn", "preCreate",
                "AWS::Lambda::Function", Map.of())));
    }

    @Test
    void startRequestCarriesWhatConfigNeeds() {
        EvaluationSettings settings = new EvaluationSettings(45, OnIndeterminate.FAIL, List.of(), 5, Duration.ofSeconds(20), 3);
        StartResourceEvaluationRequest request = Translator.startRequest(target("req-1", "Fn", "preCreate"), "{\"Runtime\":\"java21\"}", settings);

        assertEquals(EvaluationMode.PROACTIVE, request.evaluationMode());
        assertEquals(ResourceConfigurationSchemaType.CFN_RESOURCE_SCHEMA, request.resourceDetails().resourceConfigurationSchemaType());
        assertEquals("Fn", request.resourceDetails().resourceId());
        assertEquals("AWS::Lambda::Function", request.resourceDetails().resourceType());
        assertEquals("{\"Runtime\":\"java21\"}", request.resourceDetails().resourceConfiguration());
        assertEquals(45, request.evaluationTimeout());
        assertEquals("payments", request.evaluationContext().evaluationContextIdentifier());
        assertEquals(Translator.clientToken(target("req-1", "Fn", "preCreate")), request.clientToken());
    }

    @Test
    void contextIdentifierFitsConfigsLimit() {
        String longName = "s".repeat(200);
        EvaluationTarget target = new EvaluationTarget("t", "arn:aws:cloudformation:r:1:stack/" + longName + "/id", "Fn",
                "preCreate", "AWS::Lambda::Function", Map.of());
        EvaluationTarget noStack = new EvaluationTarget("t", null, "Fn", "preCreate", "AWS::Lambda::Function", Map.of());

        assertTrue(Translator.contextIdentifier(target).length() <= 128);
        assertTrue(Translator.contextIdentifier(target).startsWith("stack-"));
        assertTrue(Translator.contextIdentifier(noStack).length() <= 128);
        assertEquals("LambdaFunction", Translator.resourceId(new EvaluationTarget("t", null, null, "preCreate",
                "AWS::Lambda::Function", Map.of())));
    }
}
