package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The bytes on the wire (AWS JSON 1.1 framing, error shape, timestamps) and the AWS CLI against the endpoint. */
class WireProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConfigEndpoint endpoint;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void up() {
        endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start();
    }

    @AfterAll
    static void down() {
        endpoint.close();
    }

    private static HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.uri().resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void successAnswersCarryContentTypeRequestIdAndEpochSecondTimestamps() throws Exception {
        HttpResponse<String> start = post("StarlingDoveService.StartResourceEvaluation", "{\"ResourceDetails\":{"
                + "\"ResourceId\":\"Wire\",\"ResourceType\":\"AWS::Lambda::Function\",\"ResourceConfiguration\":"
                + JSON.writeValueAsString(EndpointFixture.lambda("Active")) + "},\"EvaluationMode\":\"PROACTIVE\"}");
        assertEquals(200, start.statusCode());
        assertEquals("application/x-amz-json-1.1", start.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(start.headers().firstValue("x-amzn-RequestId").isPresent());
        String id = JSON.readTree(start.body()).get("ResourceEvaluationId").asText();
        HttpResponse<String> summary = post("StarlingDoveService.GetResourceEvaluationSummary",
                "{\"ResourceEvaluationId\":\"" + id + "\"}");
        JsonNode s = JSON.readTree(summary.body());
        assertTrue(s.get("EvaluationStartTimestamp").isNumber(), summary.body());
        assertTrue(summary.body().matches(".*\"EvaluationStartTimestamp\":\\d{10}\\.\\d{3}[,}].*"), summary.body());
        // an operation without input accepts an empty body
        HttpResponse<String> list = post("StarlingDoveService.ListResourceEvaluations", "");
        assertEquals(200, list.statusCode());
        assertTrue(JSON.readTree(list.body()).get("ResourceEvaluations").isArray());
    }

    @Test
    void errorsAreHttp400WithTypeInBodyAndHeader() throws Exception {
        HttpResponse<String> r = post("StarlingDoveService.GetResourceEvaluationSummary", "{\"ResourceEvaluationId\":\"nope\"}");
        assertEquals(400, r.statusCode());
        assertEquals("ResourceNotFoundException", r.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        JsonNode body = JSON.readTree(r.body());
        assertEquals("ResourceNotFoundException", body.get("__type").asText());
        assertNotNull(body.get("message").asText());
        assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent());

        r = post("StarlingDoveService.NoSuchOperation", "{}");
        assertEquals(400, r.statusCode());
        assertEquals("UnknownOperationException", JSON.readTree(r.body()).get("__type").asText());
        r = post(null, "{}");
        assertEquals("UnknownOperationException", JSON.readTree(r.body()).get("__type").asText());
        r = post("StarlingDoveService.ListResourceEvaluations", "{not json");
        assertEquals(400, r.statusCode());
        assertEquals("SerializationException", JSON.readTree(r.body()).get("__type").asText());
        r = post("StarlingDoveService.ListResourceEvaluations", "{\"Limit\":\"ten\"}");
        assertEquals("SerializationException", JSON.readTree(r.body()).get("__type").asText());
        r = post("StarlingDoveService.ListResourceEvaluations", "{\"Limit\":101}");
        assertEquals("ValidationException", JSON.readTree(r.body()).get("__type").asText());
        assertEquals("1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
                + "Member must have value less than or equal to 100", JSON.readTree(r.body()).get("message").asText());
        r = post("StarlingDoveService.StartResourceEvaluation", "{\"EvaluationMode\":\"SOMETIMES\",\"ResourceDetails\":{}}");
        String m = JSON.readTree(r.body()).get("message").asText();
        assertTrue(m.startsWith("4 validation errors detected: "), m);
        assertTrue(m.contains("Value 'SOMETIMES' at 'evaluationMode' failed to satisfy constraint: Member must satisfy enum value set: [DETECTIVE, PROACTIVE]"), m);
    }

    @Test
    void operationsWithoutOutputAnswerAnEmptyBody() throws Exception {
        String put = "{\"ConfigRule\":{\"ConfigRuleName\":\"wire-rule\",\"Source\":{\"Owner\":\"CUSTOM_POLICY\","
                + "\"CustomPolicyDetails\":{\"PolicyRuntime\":\"guard-2.x.x\",\"PolicyText\":\"rule wire { resourceType exists }\"}},"
                + "\"EvaluationModes\":[{\"Mode\":\"PROACTIVE\"}]}}";
        HttpResponse<String> r = post("StarlingDoveService.PutConfigRule", put);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("", r.body());
        assertEquals("application/x-amz-json-1.1", r.headers().firstValue("Content-Type").orElseThrow());
        r = post("StarlingDoveService.DeleteConfigRule", "{\"ConfigRuleName\":\"wire-rule\"}");
        assertEquals(200, r.statusCode());
    }

    private static ProcessResult aws(AwsCli cli, Path work, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(cli.executable().toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", endpoint.uri().toString(), "--region", "us-east-1", "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        EndpointFixture.isolateAwsCli(env, work, "AKIDLOCALCLI");
        env.remove("AWS_SESSION_TOKEN");
        pb.redirectOutput(work.resolve("out.txt").toFile());
        pb.redirectError(work.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "aws cli hung");
        return new ProcessResult(p.exitValue(), Files.readString(work.resolve("out.txt")), Files.readString(work.resolve("err.txt")));
    }

    private record ProcessResult(int code, String out, String err) {
    }

    /**
     * A timestamp as the AWS CLI prints it: v1 passes the wire's epoch seconds through as a number, v2 renders an
     * ISO 8601 date. Either way it must be the instant the endpoint sent.
     */
    static Instant cliTimestamp(JsonNode value) {
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.decimalValue().movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
        }
        String text = value.asText();
        if (text.matches("\\d+(\\.\\d+)?")) {
            return cliTimestamp(JSON.getNodeFactory().numberNode(new BigDecimal(text)));
        }
        return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
    }

    @Test
    void cliTimestampsOfBothMajorVersionsReadAsTheSameInstant() {
        Instant expected = Instant.parse("2026-12-01T20:50:01.029Z");
        assertEquals(expected, cliTimestamp(JSON.getNodeFactory().numberNode(new BigDecimal("1796158201.029"))));
        assertEquals(expected, cliTimestamp(JSON.getNodeFactory().textNode("2026-12-01T20:50:01.029000+00:00")));
        assertEquals(expected, cliTimestamp(JSON.getNodeFactory().textNode("2026-12-01T21:50:01.029+01:00")));
    }

    @Test
    void theAwsCliWorksUnchangedAgainstTheEndpoint() throws Exception {
        List<AwsCli> clis = AwsCli.onPath();
        assumeFalse(clis.isEmpty(), "no AWS CLI (aws) on PATH: the AWS CLI flow against the endpoint was NOT tested; "
                + "install the AWS CLI v1 or v2 to run it");
        System.out.println("WireProtocolTest: AWS CLI flow with " + AwsCli.describe(clis));
        for (AwsCli cli : clis) {
            assertTrue(cli.major() == 1 || cli.major() == 2, cli.toString());
            cliFlow(cli);
        }
    }

    private void cliFlow(AwsCli cli) throws Exception {
        String tag = cli.version().replaceAll("[^0-9]", "");
        String resourceId = "CliFunction" + tag;
        Path work = Files.createDirectories(Paths.get("target", "aws-cli-test", tag));
        String input = JSON.writeValueAsString(Map.of(
                "ResourceDetails", Map.of("ResourceId", resourceId, "ResourceType", "AWS::Lambda::Function",
                        "ResourceConfiguration", EndpointFixture.lambda("PassThrough"),
                        "ResourceConfigurationSchemaType", "CFN_RESOURCE_SCHEMA"),
                "EvaluationContext", Map.of("EvaluationContextIdentifier", "cli-stack"),
                "EvaluationMode", "PROACTIVE", "EvaluationTimeout", 60, "ClientToken", (tag + "c".repeat(64)).substring(0, 64)));
        Files.writeString(work.resolve("start.json"), input, StandardCharsets.UTF_8);
        long createdBefore = endpoint.stats().evaluationsCreated();
        ProcessResult start = aws(cli, work, "configservice", "start-resource-evaluation",
                "--cli-input-json", "file://" + work.resolve("start.json").toAbsolutePath());
        assertEquals(0, start.code(), cli + ": " + start.err());
        String id = JSON.readTree(start.out()).get("ResourceEvaluationId").asText();

        JsonNode summary = null;
        for (int i = 0; i < 100; i++) {
            ProcessResult s = aws(cli, work, "configservice", "get-resource-evaluation-summary", "--resource-evaluation-id", id);
            assertEquals(0, s.code(), cli + ": " + s.err());
            summary = JSON.readTree(s.out());
            if (!summary.at("/EvaluationStatus/Status").asText().equals("IN_PROGRESS")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("SUCCEEDED", summary.at("/EvaluationStatus/Status").asText(), cli.toString());
        assertEquals("NON_COMPLIANT", summary.get("Compliance").asText());
        assertEquals("cli-stack", summary.at("/EvaluationContext/EvaluationContextIdentifier").asText());
        JsonNode wire = JSON.readTree(post("StarlingDoveService.GetResourceEvaluationSummary",
                "{\"ResourceEvaluationId\":\"" + id + "\"}").body());
        assertEquals(cliTimestamp(wire.get("EvaluationStartTimestamp")), cliTimestamp(summary.get("EvaluationStartTimestamp")),
                cli + " printed " + summary.get("EvaluationStartTimestamp") + " for " + wire.get("EvaluationStartTimestamp"));

        ProcessResult details = aws(cli, work, "configservice", "get-compliance-details-by-resource",
                "--resource-evaluation-id", id, "--compliance-types", "NON_COMPLIANT");
        assertEquals(0, details.code(), cli + ": " + details.err());
        JsonNode results = JSON.readTree(details.out()).get("EvaluationResults");
        List<String> failedRules = new ArrayList<>();
        results.forEach(r -> {
            assertEquals("NON_COMPLIANT", r.get("ComplianceType").asText());
            failedRules.add(r.at("/EvaluationResultIdentifier/EvaluationResultQualifier/ConfigRuleName").asText());
            assertFalse(cliTimestamp(r.get("ResultRecordedTime")).isBefore(cliTimestamp(wire.get("EvaluationStartTimestamp"))),
                    r.toString());
        });
        assertTrue(failedRules.contains("lambda-tracing-active"), failedRules.toString());

        ProcessResult rules = aws(cli, work, "configservice", "describe-config-rules");
        assertEquals(0, rules.code(), cli + ": " + rules.err());
        assertTrue(rules.out().contains("lambda-tracing-active"));

        ProcessResult missing = aws(cli, work, "configservice", "get-resource-evaluation-summary", "--resource-evaluation-id", "nope");
        assertTrue(missing.code() != 0);
        assertTrue(missing.err().contains("ResourceNotFoundException"), cli + ": " + missing.err());

        ProcessResult mismatch = aws(cli, work, "configservice", "start-resource-evaluation",
                "--cli-input-json", "file://" + work.resolve("start.json").toAbsolutePath(), "--evaluation-timeout", "30");
        assertTrue(mismatch.err().contains("IdempotentParameterMismatch"), cli + ": " + mismatch.err());
        assertEquals(2, endpoint.stats().startCalls("cli-stack", resourceId));
        assertEquals(createdBefore + 1, endpoint.stats().evaluationsCreated());
    }
}
