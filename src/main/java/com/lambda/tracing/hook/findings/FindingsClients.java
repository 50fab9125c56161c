package com.lambda.tracing.hook.findings;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClientBuilder;

/**
 * The function's two clients, built once per container. Region and credentials come from the Lambda environment
 * (the SDK's default chains); endpoints from the SDK's own resolution, which honours
 * {@code AWS_ENDPOINT_URL_SECURITYHUB} and {@code AWS_ENDPOINT_URL_CLOUDFORMATION}, unless given here.
 */
public final class FindingsClients {
    /** The SDK's standard retries: up to 3 attempts with backoff on throttling, 5xx and network errors. */
    static final RetryMode RETRY_MODE = RetryMode.STANDARD;
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final SecurityHubClient securityHub;
    private final CloudFormationClient cloudFormation;

    private FindingsClients(SecurityHubClient securityHub, CloudFormationClient cloudFormation) {
        this.securityHub = securityHub;
        this.cloudFormation = cloudFormation;
    }

    /** Clients for the Lambda environment. */
    public static FindingsClients fromEnvironment() {
        return withEndpoints(null, null);
    }

    /** Clients that talk to the given endpoints (null: the SDK's resolution). */
    public static FindingsClients withEndpoints(URI securityHubEndpoint, URI cloudFormationEndpoint) {
        SdkHttpClient http = ApacheHttpClient.builder().build();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .retryStrategy(RETRY_MODE)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT)
                .build();
        SecurityHubClientBuilder hub = SecurityHubClient.builder().httpClient(http).overrideConfiguration(override);
        CloudFormationClientBuilder cfn = CloudFormationClient.builder().httpClient(http).overrideConfiguration(override);
        if (securityHubEndpoint != null) {
            hub.endpointOverride(securityHubEndpoint);
        }
        if (cloudFormationEndpoint != null) {
            cfn.endpointOverride(cloudFormationEndpoint);
        }
        return new FindingsClients(hub.build(), cfn.build());
    }

    public SecurityHubClient securityHub() {
        return securityHub;
    }

    public CloudFormationClient cloudFormation() {
        return cloudFormation;
    }
}
