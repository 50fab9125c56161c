package com.lambda.tracing.hook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;

/** Long polling of GetResourceEvaluationSummary ({@code summaryHold}): off by default, as in Config. */
class SummaryHoldTest {
    @Test
    void withoutHoldASummaryOfARunningEvaluationAnswersInProgress() {
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack())
                .evaluationDelay(Duration.ofSeconds(5)).start();
             ConfigClient client = EndpointFixture.client(endpoint, false)) {
            String id = client.startResourceEvaluation(EndpointFixture.start("Fn", EndpointFixture.lambda("Active")).build())
                    .resourceEvaluationId();

            assertEquals(ResourceEvaluationStatus.IN_PROGRESS,
                    client.getResourceEvaluationSummary(r -> r.resourceEvaluationId(id)).evaluationStatus().status());
        }
    }

    @Test
    void withHoldOneSummaryWaitsForTheEvaluationToEnd() {
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack())
                .evaluationDelay(Duration.ofMillis(500)).summaryHold(Duration.ofSeconds(3)).start();
             ConfigClient client = EndpointFixture.client(endpoint, false)) {
            String id = client.startResourceEvaluation(EndpointFixture.start("Fn", EndpointFixture.lambda("Active")).build())
                    .resourceEvaluationId();

            var summary = client.getResourceEvaluationSummary(r -> r.resourceEvaluationId(id));
            assertEquals(ResourceEvaluationStatus.SUCCEEDED, summary.evaluationStatus().status());
            assertEquals("NON_COMPLIANT", summary.complianceAsString()); // a bare function breaks most of the pack
        }
    }

    @Test
    void aHeldSummaryOfAnEvaluationThatNeverEndsStillAnswersInProgress() {
        Faults faults = new Faults();
        faults.apply("never-finish");
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).faults(faults)
                .summaryHold(Duration.ofSeconds(3)).start();
             ConfigClient client = EndpointFixture.client(endpoint, false)) {
            String id = client.startResourceEvaluation(EndpointFixture.start("Fn", EndpointFixture.lambda("Active")).build())
                    .resourceEvaluationId();

            assertEquals(ResourceEvaluationStatus.IN_PROGRESS,
                    client.getResourceEvaluationSummary(r -> r.resourceEvaluationId(id)).evaluationStatus().status());
        }
    }
}
