package com.lambda.tracing.hook.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 200 concurrent evaluations through the SDK with throttling on: every verdict right, few cfn-guard processes. */
class EndpointLoadTest {

    @Test
    void twoHundredConcurrentEvaluationsUnderThrottling() throws Exception {
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack())
                .batchWindow(Duration.ofMillis(10)).maxEvaluations(400).start();
             // 10 % of ~3,000 requests are throttled: with the SDK's default 3 attempts, one call in a run can be
             // throttled on every attempt (about one run in four failed that way). More attempts, no retry quota.
             ConfigClient client = ConfigClient.builder()
                     .endpointOverride(endpoint.uri())
                     .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret")))
                     .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy
                             .standardRetryStrategy().toBuilder().maxAttempts(10).circuitBreakerEnabled(false).build()))
                     .build()) {
            endpoint.faults().throttle(Trigger.rate(0.1, 5));
            long processesBefore = endpoint.guardProcesses();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    String id = client.startResourceEvaluation(EndpointFixture.start("Load" + n,
                            EndpointFixture.lambda(n % 2 == 0 ? "Active" : "PassThrough"))
                            .clientToken(String.format("%064d", n)).build()).resourceEvaluationId();
                    GetResourceEvaluationSummaryResponse s = EndpointFixture.await(client, id, Duration.ofSeconds(60));
                    assertEquals(ResourceEvaluationStatus.SUCCEEDED, s.evaluationStatus().status());
                    boolean tracingFails = client.getComplianceDetailsByResourcePaginator(r -> r.resourceEvaluationId(id))
                            .evaluationResults().stream().anyMatch(r -> r.evaluationResultIdentifier()
                                    .evaluationResultQualifier().configRuleName().equals("lambda-tracing-active")
                                    && r.complianceType() == ComplianceType.NON_COMPLIANT);
                    assertEquals(n % 2 == 1, tracingFails, "Load" + n);
                    return id;
                }));
            }
            for (Future<String> f : results) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            long processes = endpoint.guardProcesses() - processesBefore;
            assertTrue(processes < 100, processes + " cfn-guard processes for 200 evaluations");
            assertTrue(endpoint.storedEvaluations() <= 400);
            assertTrue(endpoint.stats().requests("StartResourceEvaluation") >= 200);
            assertEquals(200, endpoint.stats().evaluationsCreated());
        }
    }
}
