package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.lambda.tracing.hook.cli.Main;
import com.lambda.tracing.hook.local.ConfigEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --endpoint URL} with long-term credentials (an access key without a session token, as an IAM user or
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY without AWS_SESSION_TOKEN provide): the CLI hands them to the wrapper as
 * callerCredentials, and the plugin's proxy only builds session credentials, so every function ends INDETERMINATE
 * with "sessionToken must not be null." instead of being evaluated.
 */
class CheckCredentialsTest {
    @TempDir
    Path dir;

    @Test
    @Disabled("needs fix in local: cli/RealCredentials must not hand long-term keys to the plugin as callerCredentials "
            + "(exchange them with STS GetSessionToken, or refuse with a clear usage error naming AWS_SESSION_TOKEN)")
    void longTermCredentialsWorkOrAreRefusedClearly() throws IOException {
        Path template = Files.writeString(dir.resolve("t.yaml"), "Resources:\n  F:\n    Type: AWS::Lambda::Function\n"
                + "    Properties:\n      Runtime: python3.13\n      Handler: i.h\n"
                + "      Role: arn:aws:iam::123456789012:role/r\n      Code: {ZipFile: x}\n");
        System.setProperty("lambdahook.private.tmpdir", "true");
        System.setProperty("aws.accessKeyId", "AKIDLONGTERMTEST");
        System.setProperty("aws.secretAccessKey", "long-term-secret");
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(HookDriver.rulePack()).start()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(new String[] {"check", "--quiet", "--format", "json", "--endpoint", endpoint.uri().toString(),
                template.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertFalse(all.contains("sessionToken must not be null"), all);
            // Either evaluated (1: the function breaks rules of the pack) or refused as bad usage (2) with a clear line.
            assertEquals(code == 2 ? 2 : 1, code, all);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            HookDriver.forgetEndpoint();
        }
    }
}
