package com.lambda.tracing.hook.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lambda.tracing.hook.local.ConfigEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.EvaluationMode;
import software.amazon.awssdk.services.config.model.ResourceConfigurationSchemaType;

/**
 * The endpoint's evaluation store is capped (memory bounded), but the cap must never cost a caller an evaluation that
 * is still running: once an id is handed out, it must be found until the evaluation finished. When the store is
 * full of running evaluations, a new start may be refused (throttled) instead. (Before the fix a running one was evicted
 * when every stored one was running, so a hook polling it got ResourceNotFoundException and blocked the function.)
 */
class EvaluationStoreBoundTest {
    @Test
    void theCapNeverEvictsARunningEvaluation() {
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(HookDriver.rulePack()).maxEvaluations(5)
                .evaluationDelay(Duration.ofSeconds(2)).start();
             ConfigClient client = ConfigClient.builder().endpointOverride(endpoint.uri()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTORE", "secret")))
                     // No SDK retries: a refused start must show as refused, not wait until older evaluations finish
                     // (finished evaluations may be evicted).
                     .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                     .build()) {
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < 10; n++) {
                int i = n;
                String json = HookDriver.JSON.valueToTree(Functions.compliant("store-" + i)).toString()
                        .replace("\"512\"", "512").replace("\"30\"", "30").replace("\"20\"", "20");
                try {
                    ids.add(client.startResourceEvaluation(r -> r.evaluationMode(EvaluationMode.PROACTIVE)
                            .resourceDetails(d -> d.resourceId("Store").resourceType("AWS::Lambda::Function")
                                    .resourceConfiguration(json)
                                    .resourceConfigurationSchemaType(ResourceConfigurationSchemaType.CFN_RESOURCE_SCHEMA))
                            .clientToken(String.format("%064d", 1000 + i))).resourceEvaluationId());
                } catch (AwsServiceException refused) {
                    assertTrue(refused.isThrottlingException(), "a full store may refuse a start, by throttling: " + refused);
                }
            }
            assertTrue(endpoint.storedEvaluations() <= 5, "the cap holds");
            assertEquals(5, ids.size(), "starts are refused only once the store is full of running evaluations");
            for (String id : ids) {
                assertEquals(id, client.getResourceEvaluationSummary(r -> r.resourceEvaluationId(id)).resourceEvaluationId(),
                        "a running evaluation handed out must still be known");
            }
        }
    }
}
