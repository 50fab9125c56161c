package com.lambda.tracing.hook.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * scripts/confirm-in-account.sh: its case list, and its conversation with a Config endpoint (a stub here that answers
 * with the verdict the test chooses; the end-to-end run against the embedded endpoint lives with that endpoint).
 */
class ConfirmScriptTest {
    static final Path SCRIPT = RulePackTest.ROOT.resolve("scripts/confirm-in-account.sh");
    static final ObjectMapper JSON = new ObjectMapper();

    record Case(String rule, String expectation, String name, JsonNode configuration) {
    }

    static RulePackTest.Result script(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "script timed out");
        return new RulePackTest.Result(p.exitValue(), out);
    }

    static List<Case> dryRun(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--dry-run"));
        all.addAll(List.of(args));
        RulePackTest.Result r = script(Map.of(), all.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        List<Case> cases = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 4);
            assertEquals(4, f.length, "dry-run line: " + line);
            cases.add(new Case(f[0], f[1], f[2], JSON.readTree(f[3])));
        }
        return cases;
    }

    @Test
    void scriptIsValidBash() throws Exception {
        Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String text = Files.readString(SCRIPT);
        assertTrue(!text.contains("eval ") && !text.contains("jq "), "the script must not eval inputs or need jq");
    }

    @Test
    void dryRunListsEveryCaseThatHasCfnProperties() throws Exception {
        int expected = 0;
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(RulePackTest.TESTS)) {
            for (Path f : files.filter(f -> f.toString().endsWith("_tests.yaml")).toList()) {
                for (JsonNode c : yaml.readTree(f.toFile())) {
                    if (c.has("cfnProperties")) {
                        expected++;
                    }
                }
            }
        }
        List<Case> cases = dryRun();
        assertEquals(expected, cases.size());
        assertTrue(cases.size() >= 33, "at least three confirmable cases per rule");
        for (Case c : cases) {
            assertTrue(c.configuration().isObject(), c.name());
            assertTrue(c.configuration().has("Role") && c.configuration().has("Code"),
                    c.name() + ": the CloudFormation schema requires Role and Code");
            assertTrue(List.of("PASS", "FAIL", "SKIP").contains(c.expectation()), c.name());
        }
        assertTrue(cases.stream().anyMatch(c -> c.rule().equals("lambda-tracing-active") && c.expectation().equals("FAIL")
                && c.configuration().size() == 2), "the no-TracingConfig case is confirmable");
    }

    @Test
    void badUsageExitsWithTwo() throws Exception {
        assertEquals(2, script(Map.of(), "--timeout", "soon").exit());
        assertEquals(2, script(Map.of(), "--rule", "$(touch /tmp/x)").exit());
        assertEquals(2, script(Map.of(), "--what").exit());
    }

    @Test
    void comparesConfigVerdictsWithTheExpectations() throws Exception {
        assumeTrue(onPath("aws"), "the AWS CLI is not installed");
        List<Case> cases = dryRun("--rule", "lambda-tracing-active");
        Map<String, String> verdict = Map.of("PASS", "COMPLIANT", "FAIL", "NON_COMPLIANT", "SKIP", "NOT_APPLICABLE");
        // Index i of the dry-run list is the script's ResourceId suffix: confirm-<rule>-<i>.
        RulePackTest.Result ok = runAgainstStub(id -> verdict.get(cases.get(index(id)).expectation()));
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains(cases.size() + " cases checked, 0 mismatched"), ok.output());

        RulePackTest.Result wrong = runAgainstStub(id -> index(id) == 0 ? "NOT_APPLICABLE"
                : verdict.get(cases.get(index(id)).expectation()));
        assertEquals(1, wrong.exit(), wrong.output());
        assertTrue(wrong.output().contains("MISMATCH") && wrong.output().contains("1 mismatched"), wrong.output());
    }

    private static int index(String resourceId) {
        return Integer.parseInt(resourceId.substring(resourceId.lastIndexOf('-') + 1));
    }

    private static RulePackTest.Result runAgainstStub(Function<String, String> complianceOf) throws Exception {
        Map<String, String> evaluations = new ConcurrentHashMap<>();
        AtomicInteger ids = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String op = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            op = op == null ? "" : op.substring(op.indexOf('.') + 1);
            ObjectNode out = JSON.createObjectNode();
            int status = 200;
            switch (op) {
                case "StartResourceEvaluation" -> {
                    JsonNode details = body.path("ResourceDetails");
                    boolean valid = "PROACTIVE".equals(body.path("EvaluationMode").asText())
                            && "CFN_RESOURCE_SCHEMA".equals(details.path("ResourceConfigurationSchemaType").asText())
                            && "AWS::Lambda::Function".equals(details.path("ResourceType").asText())
                            && JSON.readTree(details.path("ResourceConfiguration").asText()).isObject();
                    if (!valid) {
                        status = 400;
                        out.put("__type", "InvalidParameterValueException").put("message", "bad request");
                    } else {
                        String id = "eval-" + ids.incrementAndGet();
                        evaluations.put(id, details.path("ResourceId").asText());
                        out.put("ResourceEvaluationId", id);
                    }
                }
                case "GetResourceEvaluationSummary" -> out.put("ResourceEvaluationId", body.path("ResourceEvaluationId").asText())
                        .putObject("EvaluationStatus").put("Status", "SUCCEEDED");
                case "GetComplianceDetailsByResource" -> {
                    String resourceId = evaluations.get(body.path("ResourceEvaluationId").asText());
                    var results = out.putArray("EvaluationResults");
                    ObjectNode other = results.addObject();
                    other.putObject("EvaluationResultIdentifier").putObject("EvaluationResultQualifier")
                            .put("ConfigRuleName", "lambda-settings-conformance-pack-x1").put("ResourceId", resourceId);
                    other.put("ComplianceType", "NON_COMPLIANT");
                    ObjectNode mine = results.addObject();
                    mine.putObject("EvaluationResultIdentifier").putObject("EvaluationResultQualifier")
                            .put("ConfigRuleName", "lambda-tracing-active-conformance-pack-x1").put("ResourceId", resourceId);
                    mine.put("ComplianceType", complianceOf.apply(resourceId));
                }
                default -> {
                    status = 400;
                    out.put("__type", "UnknownOperationException");
                }
            }
            byte[] bytes = JSON.writeValueAsBytes(out);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            Path home = Files.createTempDirectory("confirm-home");
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                    "AWS_EC2_METADATA_DISABLED", "true", "AWS_CONFIG_FILE", home.resolve("config").toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
            return script(env, "--endpoint-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "--region", "us-east-1", "--rule", "lambda-tracing-active", "--timeout", "30");
        } finally {
            server.stop(0);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
