package com.lambda.tracing.hook.cli;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.GetSessionTokenRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * With --endpoint the hook calls a real Config endpoint, so CloudFormation's callerCredentials become the user's own.
 * The plugin needs temporary credentials (with a session token); long-term keys are exchanged for a one-hour
 * session through STS GetSessionToken first.
 */
final class RealCredentials {
    private RealCredentials() {
    }

    static String json(String region) {
        AwsCredentials c;
        try (DefaultCredentialsProvider provider = DefaultCredentialsProvider.builder().build()) {
            c = provider.resolveCredentials();
        } catch (RuntimeException e) {
            throw new UsageException("--endpoint needs AWS credentials (environment, profile or SSO): "
                    + e.getMessage().lines().findFirst().orElse("none found"));
        }
        ObjectNode o = new ObjectMapper().createObjectNode();
        if (c instanceof AwsSessionCredentials) {
            o.put("accessKeyId", c.accessKeyId());
            o.put("secretAccessKey", c.secretAccessKey());
            o.put("sessionToken", ((AwsSessionCredentials) c).sessionToken());
            return o.toString();
        }
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        try {
            AWSSecurityTokenService sts = AWSSecurityTokenServiceClientBuilder.standard().withRegion(region)
                    .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials(c.accessKeyId(), c.secretAccessKey())))
                    .build();
            com.amazonaws.services.securitytoken.model.Credentials session =
                    sts.getSessionToken(new GetSessionTokenRequest().withDurationSeconds(3600)).getCredentials();
            sts.shutdown();
            o.put("accessKeyId", session.getAccessKeyId());
            o.put("secretAccessKey", session.getSecretAccessKey());
            o.put("sessionToken", session.getSessionToken());
            return o.toString();
        } catch (RuntimeException e) {
            throw new UsageException("--endpoint needs temporary AWS credentials (with a session token), and STS "
                    + "GetSessionToken failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
