package com.lambda.tracing.hook.cli;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigException;
import software.amazon.awssdk.services.config.model.EvaluationMode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} as a separate process: URL on the first line, SDK calls work, fault flags apply, it stops on TERM. */
class ServeCommandTest {

    @Test
    void servePrintsItsUrlFirstAndAnswersTheSdk() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dcfnguard.path=" + System.getProperty("cfnguard.path"),
                "-Dlambdahook.home=" + System.getProperty("project.basedir"),
                "com.lambda.tracing.hook.cli.Main", "serve", "--port", "0",
                "--rules", Paths.get(System.getProperty("project.basedir"), "rules").toString(),
                "--fault", "throttle@DescribeConfigRules=always", "--latency", "10ms@ListResourceEvaluations");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.matches("http://127\\.0\\.0\\.1:\\d+"), String.valueOf(first));
            try (ConfigClient c = ConfigClient.builder().endpointOverride(URI.create(first)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSERVE", "s")))
                    .httpClientBuilder(ApacheHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
                String id = c.startResourceEvaluation(r -> r.evaluationMode(EvaluationMode.PROACTIVE)
                        .resourceDetails(d -> d.resourceId("Served").resourceType("AWS::Lambda::Function")
                                .resourceConfiguration("{\"Role\":\"arn:aws:iam::123456789012:role/r\",\"Code\":{\"ZipFile\":\"x\"}}"))).resourceEvaluationId();
                assertFalse(id.isBlank());
                assertEquals(List.of(), c.listResourceEvaluations(r -> r.limit(1)).resourceEvaluations().stream()
                        .filter(e -> !e.resourceEvaluationId().equals(id)).toList());
                ConfigException e = assertThrows(ConfigException.class, () -> c.describeConfigRules(r -> r.configRuleNames("x")));
                assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
            }
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook closes the endpoint
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void badServeFlagsAreUsageErrors() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Main.run(new String[] {"serve", "--fault", "explode=always"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("unknown fault"), err.toString());
        code = Main.run(new String[] {"serve", "--port", "70000"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
        assertEquals(2, code);
    }
}
