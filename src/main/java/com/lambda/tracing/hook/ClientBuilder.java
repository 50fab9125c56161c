package com.lambda.tracing.hook;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.ConfigClientBuilder;
import software.amazon.cloudformation.HookAbstractWrapper;

/**
 * The one Config client of the process, built lazily and reused across invocations (a warm Lambda container keeps
 * it). Credentials are not configured here: every call goes through the plugin proxy, which injects the caller
 * credentials of the invocation.
 *
 * <p>Endpoint: the JVM system property {@value #ENDPOINT_PROPERTY} when set (how the offline CLI points the hook at
 * its embedded Config endpoint); otherwise the SDK's own resolution, which honours
 * {@code AWS_ENDPOINT_URL_CONFIG_SERVICE} and {@code AWS_ENDPOINT_URL}. Region: {@code aws.region} or
 * {@code AWS_REGION}, then the profile, then us-east-1.
 */
public final class ClientBuilder {
    public static final String ENDPOINT_PROPERTY = "lambdahook.config.endpoint";
    static final Region FALLBACK_REGION = Region.US_EAST_1;

    /** The client and the endpoint setting it was built for. */
    private record Cached(String endpoint, ConfigClient client) {
    }

    private static volatile Cached cached;

    private ClientBuilder() {
    }

    /**
     * The cached client. It is rebuilt only when the endpoint property changed since it was built, so a process that
     * starts an endpoint on a new port (tests, the CLI) never talks to a stale one.
     */
    public static ConfigClient getClient() {
        String endpoint = System.getProperty(ENDPOINT_PROPERTY);
        Cached current = cached;
        if (current != null && java.util.Objects.equals(current.endpoint(), endpoint)) {
            return current.client();
        }
        synchronized (ClientBuilder.class) {
            current = cached;
            if (current == null || !java.util.Objects.equals(current.endpoint(), endpoint)) {
                current = new Cached(endpoint, build(endpoint));
                cached = current;
            }
            return current.client();
        }
    }

    private static ConfigClient build(String endpoint) {
        ConfigClientBuilder builder = ConfigClient.builder()
                .httpClient(HookAbstractWrapper.HTTP_CLIENT)
                .region(region())
                // Bound every call so one slow answer cannot eat CloudFormation's ~30 s per invocation; the SDK's
                // standard retries (throttling, 5xx, network) happen inside this budget.
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(4))
                        .apiCallTimeout(Duration.ofSeconds(8))
                        .build());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.strip()));
        }
        return builder.build();
    }

    static Region region() {
        try {
            // Not the default chain: its last step asks the EC2 instance metadata service, which only adds a
            // timeout off EC2; Lambda sets AWS_REGION.
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion();
        } catch (SdkClientException | IllegalStateException e) {
            return FALLBACK_REGION;
        }
    }
}
