package com.lambda.tracing.hook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scripts/confirm-in-account.sh against the embedded endpoint, through the AWS CLI: every rule test case that carries
 * CloudFormation properties must come back from "Config" with the verdict its test file expects. This is the same run
 * a user makes in a real account to confirm the configuration-item shape the pack assumes.
 */
class ConfirmScriptEndToEndTest {

    @Test
    void everyCaseGetsTheExpectedVerdictFromTheEmbeddedEndpoint() throws Exception {
        assumeTrue(!AwsCli.onPath().isEmpty(), "no AWS CLI (aws) on PATH: confirm-in-account.sh was NOT run against the endpoint");
        Path work = Files.createDirectories(Path.of("target", "confirm-script-test")).toAbsolutePath();
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start()) {
            ProcessBuilder pb = new ProcessBuilder("bash",
                    EndpointFixture.projectDir().resolve("scripts/confirm-in-account.sh").toString(),
                    "--endpoint-url", endpoint.uri().toString(), "--region", "us-east-1", "--timeout", "60");
            Map<String, String> env = pb.environment();
            EndpointFixture.isolateAwsCli(env, work, "AKIDLOCALTEST");
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            pb.redirectOutput(work.resolve("out.txt").toFile());
            pb.redirectError(work.resolve("err.txt").toFile());
            Process process = pb.start();
            assertTrue(process.waitFor(600, TimeUnit.SECONDS), "confirm-in-account.sh did not finish");
            String out = Files.readString(work.resolve("out.txt"));
            String report = out + Files.readString(work.resolve("err.txt"));

            assertEquals(0, process.exitValue(), report);
            Matcher summary = Pattern.compile("(\\d+) cases checked, 0 mismatched").matcher(out);
            assertTrue(summary.find(), report);
            assertTrue(Integer.parseInt(summary.group(1)) >= 11, "at least one case per rule: " + report);
            assertEquals(Integer.parseInt(summary.group(1)), endpoint.stats().evaluationsCreated(),
                    "one proactive evaluation per case");
        }
    }
}
