package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The files cfn submit and cfn test read must agree with the code. */
class ProjectFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("project.basedir", "."));

    private static JsonNode schema() throws Exception {
        return JSON.readTree(ROOT.resolve("lambda-tracing-hook.json").toFile());
    }

    @Test
    void schemaHasPreCreateAndPreUpdateOnLambdaFunctionsOnly() throws Exception {
        JsonNode schema = schema();

        assertEquals("Lambda::Tracing::Hook", schema.path("typeName").asText());
        assertFalse(schema.has("properties"), "hook schemas must not have top-level properties");
        List<String> handlers = new ArrayList<>();
        schema.path("handlers").fieldNames().forEachRemaining(handlers::add);
        assertEquals(List.of("preCreate", "preUpdate"), handlers);
        for (String handler : handlers) {
            assertEquals("[\"AWS::Lambda::Function\"]", schema.path("handlers").path(handler).path("targetNames").toString());
        }
        assertFalse(schema.path("typeConfiguration").path("additionalProperties").asBoolean(true));
    }

    @Test
    void permissionsAreExactlyTheCallsTheCodeMakesAndMatchTheRole() throws Exception {
        Set<String> expected = new TreeSet<>(List.of("config:StartResourceEvaluation", "config:GetResourceEvaluationSummary",
                "config:GetComplianceDetailsByResource", "cloudformation:DescribeType"));
        for (String handler : List.of("preCreate", "preUpdate")) {
            Set<String> permissions = new TreeSet<>();
            schema().path("handlers").path(handler).path("permissions").forEach(p -> permissions.add(p.asText()));
            assertEquals(expected, permissions, handler);
        }
        JsonNode role = new YAMLMapper(new YAMLFactory()).readTree(
                Files.readString(ROOT.resolve("hook-role.yaml")).replace("!Ref ", "").replace("!Sub ", "").replace("!GetAtt ", ""));
        JsonNode properties = role.path("Resources").path("ExecutionRole").path("Properties");
        Set<String> actions = new TreeSet<>();
        properties.path("Policies").get(0).path("PolicyDocument").path("Statement").forEach(s -> {
            assertEquals("Allow", s.path("Effect").asText());
            s.path("Action").forEach(a -> actions.add(a.asText()));
        });
        assertEquals(expected, actions);
        JsonNode trust = properties.path("AssumeRolePolicyDocument").path("Statement").get(0);
        assertTrue(trust.path("Condition").path("StringEquals").has("aws:SourceAccount"));
        JsonNode sourceArn = trust.path("Condition").path("StringLike").path("aws:SourceArn");
        // cfn generate renders the long form (Fn::Sub: ...); the short form (!Sub ...) reads as text here.
        String sourceArnText = sourceArn.isTextual() ? sourceArn.asText() : sourceArn.path("Fn::Sub").asText();
        assertTrue(sourceArnText.contains("type/hook/Lambda-Tracing-Hook/"), sourceArn.toString());
        assertTrue(trust.path("Principal").path("Service").toString().contains("hooks.cloudformation.amazonaws.com"));
        assertTrue(trust.path("Principal").path("Service").toString().contains("resources.cloudformation.amazonaws.com"));
    }

    @Test
    void typeConfigurationSchemaMatchesTheModel() throws Exception {
        Set<String> schemaFields = new TreeSet<>();
        schema().path("typeConfiguration").path("properties").fieldNames().forEachRemaining(schemaFields::add);
        ObjectNode written = (ObjectNode) JSON.valueToTree(new TypeConfigurationModel()
                .setEvaluationTimeoutSeconds(1).setOnIndeterminate("FAIL").setRequiredRules(List.of())
                .setMaxReinvocations(1).setMaxWaitPerInvocationSeconds(1).setCallbackDelaySeconds(1)
                .setExemptions(List.of()));
        Set<String> modelFields = new TreeSet<>();
        written.fieldNames().forEachRemaining(modelFields::add);

        assertEquals(schemaFields, modelFields);
    }

    @Test
    void exemptionDefinitionMatchesItsModel() throws Exception {
        JsonNode definition = schema().path("definitions").path("Exemption");
        assertEquals("#/definitions/Exemption",
                schema().path("typeConfiguration").path("properties").path("Exemptions").path("items").path("$ref").asText());
        Set<String> schemaFields = new TreeSet<>();
        definition.path("properties").fieldNames().forEachRemaining(schemaFields::add);
        ObjectNode written = (ObjectNode) JSON.valueToTree(new Exemption().setRule("r").setStacks(List.of())
                .setLogicalIds(List.of()).setReason("r").setApprovedBy("a").setExpires("2026-12-31"));
        Set<String> modelFields = new TreeSet<>();
        written.fieldNames().forEachRemaining(modelFields::add);

        assertEquals(schemaFields, modelFields);
        assertFalse(definition.path("additionalProperties").asBoolean(true));
        assertEquals("[\"Rule\",\"Reason\",\"ApprovedBy\",\"Expires\"]", definition.path("required").toString());
    }

    @Test
    void rpdkConfigPointsAtRealEntryPoints() throws Exception {
        JsonNode config = JSON.readTree(ROOT.resolve(".rpdk-config").toFile());

        assertEquals("HOOK", config.path("artifact_type").asText());
        assertEquals("java17", config.path("runtime").asText());
        assertEquals("com.lambda.tracing.hook.HookHandlerWrapper::handleRequest", config.path("entrypoint").asText());
        assertEquals("com.lambda.tracing.hook.HookHandlerWrapper::testEntrypoint", config.path("testEntrypoint").asText());
        assertEquals(HookHandlerWrapperExecutable.class.getName(), config.path("executableEntrypoint").asText());
        assertEquals("[\"com\",\"lambda\",\"tracing\",\"hook\"]", config.path("settings").path("namespace").toString());
        HookHandlerWrapper.class.getMethod("testEntrypoint", java.io.InputStream.class, java.io.OutputStream.class,
                com.amazonaws.services.lambda.runtime.Context.class);
        String template = Files.readString(ROOT.resolve("template.yml"));
        assertTrue(template.contains("Handler: " + config.path("entrypoint").asText()));
        assertTrue(template.contains("Handler: " + config.path("testEntrypoint").asText()));
    }

    @Test
    void hookSchemaIsOnTheClasspathForTheWrapper() {
        assertEquals("Lambda::Tracing::Hook", new Configuration().hookSchemaJSONObject().getString("typeName"));
    }

    @Test
    void executableWrapperPrintsTheResponseBetweenMarkers() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ObjectNode request = HookHandlerWrapperTest.request("inputs_1_pre_create.json", "CREATE_PRE_PROVISION", "exe-1", null);
            ((ObjectNode) request.path("requestData")).remove("callerCredentials");
            HookHandlerWrapperExecutable.main(new String[] {JSON.writeValueAsString(request)});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        int start = out.indexOf(HookHandlerWrapperExecutable.START_MARKER);
        int end = out.indexOf(HookHandlerWrapperExecutable.END_MARKER);
        assertTrue(start >= 0 && end > start, out);
        JsonNode response = JSON.readTree(out.substring(start + HookHandlerWrapperExecutable.START_MARKER.length(), end));
        assertEquals("FAILED", response.path("hookStatus").asText());
        assertEquals("InvalidCredentials", response.path("errorCode").asText());
        assertEquals("exe-1", response.path("clientRequestToken").asText());
    }
}
