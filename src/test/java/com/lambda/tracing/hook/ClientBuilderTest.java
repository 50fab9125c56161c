package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;

class ClientBuilderTest {
    private String previousEndpoint;
    private String previousRegion;

    @BeforeEach
    void remember() {
        previousEndpoint = System.getProperty(ClientBuilder.ENDPOINT_PROPERTY);
        previousRegion = System.getProperty("aws.region");
    }

    @AfterEach
    void restore() {
        restore(ClientBuilder.ENDPOINT_PROPERTY, previousEndpoint);
        restore("aws.region", previousRegion);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void endpointPropertyOverridesTheEndpointAndTheClientIsCached() {
        System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, "http://127.0.0.1:4599");
        ConfigClient first = ClientBuilder.getClient();
        ConfigClient again = ClientBuilder.getClient();

        assertSame(first, again);
        assertEquals(URI.create("http://127.0.0.1:4599"), first.serviceClientConfiguration().endpointOverride().orElseThrow());

        System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, "http://127.0.0.1:4600");
        ConfigClient moved = ClientBuilder.getClient();

        assertNotSame(first, moved, "a new endpoint gets a new client");
        assertEquals(URI.create("http://127.0.0.1:4600"), moved.serviceClientConfiguration().endpointOverride().orElseThrow());
    }

    @Test
    void withoutThePropertyTheSdkResolvesTheEndpoint() {
        System.clearProperty(ClientBuilder.ENDPOINT_PROPERTY);

        assertTrue(ClientBuilder.getClient().serviceClientConfiguration().endpointOverride().isEmpty());
    }

    @Test
    void regionComesFromTheSystemPropertyOrFallsBack() {
        System.setProperty("aws.region", "eu-central-1");
        assertEquals(Region.EU_CENTRAL_1, ClientBuilder.region());

        System.clearProperty("aws.region");
        boolean nothingConfigured = System.getenv("AWS_REGION") == null && System.getenv("AWS_CONFIG_FILE") == null
                && !java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".aws", "config"));
        org.junit.jupiter.api.Assumptions.assumeTrue(nothingConfigured, "a region is configured on this machine");
        assertEquals(Region.US_EAST_1, ClientBuilder.region());
    }
}
