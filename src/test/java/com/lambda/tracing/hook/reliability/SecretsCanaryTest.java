package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lambda.tracing.hook.cli.Main;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import com.lambda.tracing.hook.local.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, item 4: canary secrets in environment variables and inline code never appear in a log line (every log4j
 * event, System.out, System.err), a hook message or annotation, or any report format of {@code check} — on the
 * compliant path, the non-compliant path, IN_PROGRESS, rejected requests and injected faults.
 */
class SecretsCanaryTest {
    /** The unique parts of the canaries; none may show up anywhere. */
    static final List<String> CANARIES = List.of("4f1c9e7a2b", "8d2e6b1f0a", "CNRY7K2M9Q4X1Z8W", "5e8f2a6c4d", "3a9b7c5d1e",
            "wJalrCNRYtnFEMI", "7b3d9f1e5c");

    @TempDir
    Path dir;
    private ConfigEndpoint endpoint;

    @AfterEach
    void stop() {
        HookDriver.stop(endpoint);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.sessionToken");
    }

    static Map<String, Object> withCanaries(Map<String, Object> properties) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("STAGE_NOTE", "cnry-env-4f1c9e7a2b");
        variables.put("DB_PASSWORD", "cnry-pw-8d2e6b1f0a");
        variables.put("AWS_KEY_ID", "AKIACNRY7K2M9Q4X1Z8W");
        variables.put("AWS_SECRET_ACCESS_KEY", "wJalrCNRYtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        variables.put("SIGNING_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIcnry5e8f2a6c4d\n-----END RSA PRIVATE KEY-----");
        variables.put("PLAIN", "connection=postgres://app:cnry7b3d9f1e5c@db:5432/app");
        properties.put("Environment", Map.of("Variables", variables));
        properties.put("Code", Map.of("ZipFile", "API_TOKEN = 'cnry-code-3a9b7c5d1e'\n"
                + "def handler(event, context):\n    return API_TOKEN\n"));
        properties.remove("CodeSigningConfigArn");
        return properties;
    }

    static void assertNoCanary(String where, String text) {
        for (String canary : CANARIES) {
            assertFalse(text.contains(canary), () -> where + " leaks canary " + canary + ":\n" + excerpt(text, canary));
        }
    }

    private static String excerpt(String text, String canary) {
        int at = text.indexOf(canary);
        return text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100));
    }

    @Test
    void hookAnswersAndLogsNeverCarryTheCanaries() {
        List<Consumer<ConfigEndpoint>> scenarios = List.of(
                e -> { },
                e -> e.faults().evaluationDelay(Duration.ofMillis(1_500)),
                e -> e.faults().malformedJson(Trigger.always(), "GetComplianceDetailsByResource"),
                e -> e.faults().closeMidResponse(Trigger.always(), "GetComplianceDetailsByResource"),
                e -> e.faults().forgetEvaluations(Trigger.always()),
                e -> e.faults().failEvaluations(Trigger.always()),
                e -> e.faults().throttle(Trigger.always(), "StartResourceEvaluation"));
        try (LogCapture capture = new LogCapture()) {
            int n = 0;
            List<JsonNode> answers = new ArrayList<>();
            for (Consumer<ConfigEndpoint> scenario : scenarios) {
                endpoint = HookDriver.endpoint(ConfigEndpoint.builder().rules(HookDriver.rulePack()));
                scenario.accept(endpoint);
                for (Map<String, Object> properties : variants("canary-fn-" + n)) {
                    ObjectNode model = HookDriver.typeConfiguration("MaxWaitPerInvocationSeconds", "1", "CallbackDelaySeconds", "1");
                    HookDriver.Run run = HookDriver.drive(HookDriver.request("canary-" + n++, "canary-stack", "CanaryFunction",
                            properties, model), 0.1);
                    answers.addAll(run.answers());
                }
                endpoint.close();
                endpoint = null;
            }
            // The hook's own refusals: unsupported target, invalid configuration, no credentials.
            ObjectNode request = HookDriver.request("canary-x", "canary-stack", "CanaryFunction",
                    withCanaries(Functions.compliant("x")), HookDriver.typeConfiguration("OnIndeterminate", "MAYBE"));
            answers.add(HookDriver.invoke(request));
            ((ObjectNode) request.path("requestData")).put("targetName", "AWS::S3::Bucket");
            answers.add(HookDriver.invoke(request));
            ObjectNode noCredentials = HookDriver.request("canary-y", "canary-stack", "CanaryFunction",
                    withCanaries(Functions.compliant("y")), null);
            ((ObjectNode) noCredentials.path("requestData")).remove("callerCredentials");
            answers.add(HookDriver.invoke(noCredentials));

            String all = answers.toString();
            assertTrue(all.contains("lambda-env-no-plaintext-secrets"), "the secrets rule did fire: the canaries reached Config");
            assertTrue(all.contains("IN_PROGRESS") && all.contains("NonCompliant") && all.contains("InvalidTypeConfiguration"),
                    "the scenarios covered every kind of answer");
            assertNoCanary("hook answers (messages, annotations, callback contexts)", all);
            assertTrue(capture.eventCount() > 20, "decision lines were captured: " + capture.eventCount());
            assertTrue(capture.everything().contains("lambda-tracing-hook.decision"));
            assertNoCanary("log lines and standard streams", capture.everything());
        }
    }

    /** The canary function as it is, with a property Config's schema check rejects, and with oversized inline code. */
    private static List<Map<String, Object>> variants(String name) {
        Map<String, Object> plain = withCanaries(Functions.compliant(name));
        Map<String, Object> invalid = withCanaries(Functions.compliant(name));
        invalid.put("MemorySize", "lots");
        invalid.put("NotALambdaProperty", "unknown");
        Map<String, Object> huge = withCanaries(Functions.compliant(name));
        huge.put("Code", Map.of("ZipFile", "API_TOKEN = 'cnry-code-3a9b7c5d1e'\n" + "#".repeat(60_000)));
        return List.of(plain, invalid, huge);
    }

    @Test
    void checkReportsInEveryFormatNeverCarryTheCanaries() throws IOException {
        String template = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  CanaryFunction:\n    Type: AWS::Lambda::Function\n"
                + "    Properties:\n      Runtime: python3.13\n      Handler: index.handler\n"
                + "      Role: arn:aws:iam::123456789012:role/canary\n      TracingConfig: {Mode: Active}\n"
                + "      Code:\n        ZipFile: |\n          API_TOKEN = 'cnry-code-3a9b7c5d1e'\n          def handler(e, c):\n"
                + "              return API_TOKEN\n      Environment:\n        Variables:\n          STAGE_NOTE: cnry-env-4f1c9e7a2b\n"
                + "          DB_PASSWORD: cnry-pw-8d2e6b1f0a\n          AWS_KEY_ID: AKIACNRY7K2M9Q4X1Z8W\n"
                + "          PLAIN: 'connection=postgres://app:cnry7b3d9f1e5c@db:5432/app'\n"
                + "          SIGNING_KEY: \"-----BEGIN RSA PRIVATE KEY-----\\nMIIcnry5e8f2a6c4d\\n-----END RSA PRIVATE KEY-----\"\n";
        Path file = Files.writeString(dir.resolve("canary.yaml"), template);
        String previousPrivate = System.getProperty("lambdahook.private.tmpdir");
        System.setProperty("lambdahook.private.tmpdir", "true");
        try (LogCapture capture = new LogCapture()) {
            for (String format : List.of("text", "json", "sarif", "junit")) {
                Path report = dir.resolve("report." + format);
                String[] out = run("check", "--verbose", "--no-color", "--format", format, file.toString());
                assertEquals("1", out[0], format + ": the function is blocked; stderr: " + out[2]);
                assertTrue(out[1].contains("lambda-env-no-plaintext-secrets"), format + " report names the secrets rule");
                assertNoCanary("check --format " + format + " (stdout)", out[1]);
                assertNoCanary("check --format " + format + " (stderr)", out[2]);
                String[] written = run("check", "--quiet", "--format", format, "--output", report.toString(), file.toString());
                assertEquals("1", written[0]);
                assertNoCanary("check --format " + format + " --output", Files.readString(report));
            }
            // The same through a misbehaving endpoint: error texts must not quote the properties either.
            endpoint = ConfigEndpoint.builder().rules(HookDriver.rulePack()).start();
            endpoint.faults().malformedJson(Trigger.always(), "GetComplianceDetailsByResource");
            System.setProperty("aws.accessKeyId", "AKIDCANARYTEST");
            System.setProperty("aws.secretAccessKey", "canary-test-secret");
            // Temporary credentials, so check does not ask STS for a session (no network here).
            System.setProperty("aws.sessionToken", "canary-test-session");
            String[] faulty = run("check", "--verbose", "--format", "json", "--endpoint", endpoint.uri().toString(),
                    "--type-configuration", "{\"MaxWaitPerInvocationSeconds\":1}", file.toString());
            assertEquals("1", faulty[0], faulty[2]);
            assertTrue(faulty[1].contains("cannot read"), faulty[1]);
            assertNoCanary("check against a faulty endpoint", faulty[1] + faulty[2]);
            assertNoCanary("log lines of check", capture.everything());
        } finally {
            if (previousPrivate == null) {
                System.clearProperty("lambdahook.private.tmpdir");
            }
        }
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }
}
