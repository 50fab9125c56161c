package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** With --endpoint, the hook calls a real Config endpoint: CloudFormation's callerCredentials become the user's. */
final class RealCredentials {
    private RealCredentials() {
    }

    static String json() {
        AwsCredentials c;
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            c = provider.resolveCredentials();
        } catch (RuntimeException e) {
            throw new UsageException("--endpoint needs AWS credentials (environment, profile or SSO): "
                    + e.getMessage().lines().findFirst().orElse("none found"));
        }
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("accessKeyId", c.accessKeyId());
        o.put("secretAccessKey", c.secretAccessKey());
        if (c instanceof AwsSessionCredentials) {
            o.put("sessionToken", ((AwsSessionCredentials) c).sessionToken());
        }
        return o.toString();
    }
}
