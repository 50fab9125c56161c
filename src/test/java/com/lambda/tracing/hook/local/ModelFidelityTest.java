package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigException;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.EvaluationMode;
import software.amazon.awssdk.services.config.model.EvaluationModeConfiguration;
import software.amazon.awssdk.services.config.model.Owner;
import software.amazon.awssdk.services.config.model.ResourceConfigurationSchemaType;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve} against the AWS Config service model: required output members are present, members the model does
 * not define are dropped rather than stored, and ClientToken idempotency compares requests as the model defines them.
 */
class ModelFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String POLICY = "rule fidelity_memory when resourceType == \"AWS::Lambda::Function\" {\n"
            + "  configuration.memorySize exists\n}\n";
    private static ConfigEndpoint endpoint;
    private static ConfigClient sdk;

    @BeforeAll
    static void up() {
        endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start();
        sdk = EndpointFixture.client(endpoint, false);
    }

    @AfterAll
    static void down() {
        sdk.close();
        endpoint.close();
    }

    private static JsonNode post(String operation, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint.uri().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "StarlingDoveService." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        assertEquals(200, r.statusCode(), operation + ": " + r.body());
        return answer;
    }

    @Test
    void describeConfigRulesReturnsThePolicyTextTheModelRequires() {
        sdk.putConfigRule(r -> r.configRule(c -> c.configRuleName("fidelity-policy-text")
                .evaluationModes(EvaluationModeConfiguration.builder().mode(EvaluationMode.PROACTIVE).build())
                .source(s -> s.owner(Owner.CUSTOM_POLICY).customPolicyDetails(p -> p.policyRuntime("guard-2.x.x")
                        .policyText(POLICY)))));
        try {
            ConfigRule rule = sdk.describeConfigRules(r -> r.configRuleNames("fidelity-policy-text")).configRules().get(0);
            assertEquals(POLICY, rule.source().customPolicyDetails().policyText());
            assertEquals("guard-2.x.x", rule.source().customPolicyDetails().policyRuntime());
            assertEquals(Boolean.FALSE, rule.source().customPolicyDetails().enableDebugLogDelivery());
            // and the bundled pack's rules as well, each with the text GetCustomRulePolicy gives
            for (ConfigRule r : sdk.describeConfigRulesPaginator(b -> { }).configRules()) {
                if (r.source().owner() == Owner.CUSTOM_POLICY) {
                    assertEquals(sdk.getCustomRulePolicy(b -> b.configRuleName(r.configRuleName())).policyText(),
                            r.source().customPolicyDetails().policyText(), r.configRuleName());
                }
            }
        } finally {
            sdk.deleteConfigRule(r -> r.configRuleName("fidelity-policy-text"));
        }
    }

    @Test
    void unknownMembersInScopeAndSourceDetailsAreDroppedNotEchoed() throws Exception {
        post("PutConfigRule", "{\"ConfigRule\":{\"ConfigRuleName\":\"fidelity-unknown\",\"NotAMember\":1,"
                + "\"Scope\":{\"ComplianceResourceTypes\":[\"AWS::Lambda::Function\"],\"TagKey\":\"team\","
                + "\"Bogus\":\"kept?\",\"Nested\":{\"x\":1}},"
                + "\"Source\":{\"Owner\":\"CUSTOM_POLICY\",\"Unknown\":true,"
                + "\"SourceDetails\":[{\"EventSource\":\"aws.config\",\"MessageType\":\"ConfigurationItemChangeNotification\","
                + "\"Extra\":\"x\"}],"
                + "\"CustomPolicyDetails\":{\"PolicyRuntime\":\"guard-2.x.x\",\"PolicyText\":" + JSON.writeValueAsString(POLICY)
                + ",\"Surplus\":0}},"
                + "\"EvaluationModes\":[{\"Mode\":\"PROACTIVE\",\"Odd\":1}]}}");
        try {
            JsonNode rule = post("DescribeConfigRules", "{\"ConfigRuleNames\":[\"fidelity-unknown\"]}").at("/ConfigRules/0");
            assertEquals(JSON.readTree("{\"ComplianceResourceTypes\":[\"AWS::Lambda::Function\"],\"TagKey\":\"team\"}"),
                    rule.get("Scope"));
            assertEquals(JSON.readTree("[{\"EventSource\":\"aws.config\",\"MessageType\":\"ConfigurationItemChangeNotification\"}]"),
                    rule.at("/Source/SourceDetails"));
            assertFalse(rule.has("NotAMember"), rule.toString());
            assertFalse(rule.get("Source").has("Unknown"), rule.toString());
            assertFalse(rule.at("/Source/CustomPolicyDetails").has("Surplus"), rule.toString());
            assertEquals(JSON.readTree("[{\"Mode\":\"PROACTIVE\"}]"), rule.get("EvaluationModes"));
            // the SDK reads the same rule
            ConfigRule viaSdk = sdk.describeConfigRules(r -> r.configRuleNames("fidelity-unknown")).configRules().get(0);
            assertEquals(List.of("AWS::Lambda::Function"), viaSdk.scope().complianceResourceTypes());
            assertEquals("team", viaSdk.scope().tagKey());
        } finally {
            sdk.deleteConfigRule(r -> r.configRuleName("fidelity-unknown"));
        }
    }

    @Test
    void aClientTokenRetryThatOnlyAddsUnknownMembersOrSpellsOutDefaultsIsTheSameRequest() throws Exception {
        String token = "fidelity-token-".repeat(5);
        String configuration = EndpointFixture.lambda("Active");
        long createdBefore = endpoint.stats().evaluationsCreated();
        // the first request leaves every default out
        String first = sdk.startResourceEvaluation(r -> r.evaluationMode(EvaluationMode.PROACTIVE).clientToken(token)
                .resourceDetails(d -> d.resourceId("Idem").resourceType("AWS::Lambda::Function")
                        .resourceConfiguration(configuration))).resourceEvaluationId();
        // the explicit defaults: schema type CFN_RESOURCE_SCHEMA, EvaluationTimeout 900 (and 0, which means it)
        for (int timeout : new int[] {900, 0}) {
            String again = sdk.startResourceEvaluation(r -> r.evaluationMode(EvaluationMode.PROACTIVE).clientToken(token)
                    .evaluationTimeout(timeout)
                    .resourceDetails(d -> d.resourceId("Idem").resourceType("AWS::Lambda::Function")
                            .resourceConfiguration(configuration)
                            .resourceConfigurationSchemaType(ResourceConfigurationSchemaType.CFN_RESOURCE_SCHEMA)))
                    .resourceEvaluationId();
            assertEquals(first, again, "EvaluationTimeout " + timeout);
        }
        // unknown members at every level (a newer client's fields), which the SDK cannot send
        JsonNode raw = post("StartResourceEvaluation", "{\"EvaluationMode\":\"PROACTIVE\",\"ClientToken\":\"" + token + "\","
                + "\"FutureMember\":{\"a\":1},\"EvaluationContext\":{},"
                + "\"ResourceDetails\":{\"ResourceId\":\"Idem\",\"ResourceType\":\"AWS::Lambda::Function\","
                + "\"ResourceConfiguration\":" + JSON.writeValueAsString(configuration) + ",\"Extra\":\"x\"}}");
        assertEquals(first, raw.get("ResourceEvaluationId").asText());
        assertEquals(createdBefore + 1, endpoint.stats().evaluationsCreated(), "one evaluation for four requests");

        // a real difference still is one
        ConfigException mismatch = assertThrows(ConfigException.class, () -> sdk.startResourceEvaluation(r -> r
                .evaluationMode(EvaluationMode.PROACTIVE).clientToken(token).evaluationTimeout(30)
                .resourceDetails(d -> d.resourceId("Idem").resourceType("AWS::Lambda::Function")
                        .resourceConfiguration(configuration))));
        assertEquals("IdempotentParameterMismatch", mismatch.awsErrorDetails().errorCode());
        assertThrows(ConfigException.class, () -> sdk.startResourceEvaluation(r -> r
                .evaluationMode(EvaluationMode.PROACTIVE).clientToken(token)
                .evaluationContext(c -> c.evaluationContextIdentifier("other-stack"))
                .resourceDetails(d -> d.resourceId("Idem").resourceType("AWS::Lambda::Function")
                        .resourceConfiguration(configuration))));
    }

    @Test
    void aResourceConfigurationNestedTooDeeplySaysSo() throws Exception {
        String deep = "{\"Code\":{\"ZipFile\":\"x\"},\"Role\":\"arn:aws:iam::123456789012:role/r\",\"Tags\":"
                + "[".repeat(250) + "]".repeat(250) + "}";
        ConfigException e = assertThrows(ConfigException.class, () -> sdk.startResourceEvaluation(
                EndpointFixture.start("Deep", deep).build()));
        assertEquals("InvalidParameterValueException", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("The ResourceConfiguration of Deep is nested too deeply "
                + "(more than 200 levels of objects and arrays)"), e.awsErrorDetails().errorMessage());
        // a request body nested as deeply is refused as a serialization problem that says why
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(endpoint.uri().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "StarlingDoveService.ListResourceEvaluations")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Filters\":" + "[".repeat(250) + "]".repeat(250) + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("SerializationException", body.get("__type").asText());
        assertTrue(body.get("message").asText().contains("nested too deeply (more than 200 levels"), r.body());
    }
}
