package com.lambda.tracing.hook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;

/** Long polling of GetResourceEvaluationSummary ({@code summaryHold}): off by default, as in Config. */
class SummaryHoldTest {
    @Test
    void withoutHoldASummaryOfARunningEvaluationAnswersInProgress() {
        var summary = firstSummary(ConfigEndpoint.builder().evaluationDelay(Duration.ofSeconds(5)));

        assertEquals(ResourceEvaluationStatus.IN_PROGRESS, summary.evaluationStatus().status());
    }

    @Test
    void withHoldOneSummaryWaitsForTheEvaluationToEnd() {
        var summary = firstSummary(ConfigEndpoint.builder()
                .evaluationDelay(Duration.ofMillis(500)).summaryHold(Duration.ofSeconds(3)));

        assertEquals(ResourceEvaluationStatus.SUCCEEDED, summary.evaluationStatus().status());
        assertEquals("NON_COMPLIANT", summary.complianceAsString()); // a bare function breaks most of the pack
    }

    @Test
    void aHeldSummaryOfAnEvaluationThatNeverEndsStillAnswersInProgress() {
        Faults faults = new Faults();
        faults.apply("never-finish");

        var summary = firstSummary(ConfigEndpoint.builder().faults(faults).summaryHold(Duration.ofSeconds(3)));

        assertEquals(ResourceEvaluationStatus.IN_PROGRESS, summary.evaluationStatus().status());
    }

    /** The first summary of one evaluation (a function with tracing Active) on an endpoint with the rule pack. */
    private static GetResourceEvaluationSummaryResponse firstSummary(ConfigEndpoint.Builder builder) {
        try (ConfigEndpoint endpoint = builder.rules(EndpointFixture.rulePack()).start();
             ConfigClient client = EndpointFixture.client(endpoint, false)) {
            String id = client.startResourceEvaluation(EndpointFixture.start("Fn", EndpointFixture.lambda("Active")).build())
                    .resourceEvaluationId();
            return client.getResourceEvaluationSummary(r -> r.resourceEvaluationId(id));
        }
    }
}
