package com.lambda.tracing.hook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;

/**
 * {@link ConfigEndpoint#evaluateAhead}: evaluations of configurations announced ahead take the results cfn-guard gave
 * for them, in fewer processes, and answer exactly what the endpoint answers without it; anything else is evaluated
 * when it arrives.
 */
class EvaluateAheadTest {
    private static final String PASSES = EndpointFixture.lambda("Active");
    private static final String PASS_THROUGH = EndpointFixture.lambda("PassThrough");

    /** {compliance, every rule result as "rule=COMPLIANCE:annotation"} of one evaluation. */
    private static List<String> evaluate(ConfigClient client, String resourceId, String json) throws InterruptedException {
        String id = client.startResourceEvaluation(EndpointFixture.start(resourceId, json).build()).resourceEvaluationId();
        GetResourceEvaluationSummaryResponse s = EndpointFixture.await(client, id, Duration.ofSeconds(60));
        assertEquals(ResourceEvaluationStatus.SUCCEEDED, s.evaluationStatus().status());
        List<String> out = new java.util.ArrayList<>(List.of(s.complianceAsString()));
        for (EvaluationResult r : client.getComplianceDetailsByResource(b -> b.resourceEvaluationId(id)).evaluationResults()) {
            out.add(r.evaluationResultIdentifier().evaluationResultQualifier().configRuleName() + "="
                    + r.complianceTypeAsString() + ":" + r.annotation());
        }
        java.util.Collections.sort(out.subList(1, out.size()));
        return out;
    }

    @Test
    void announcedConfigurationsTakeTheResultsAndAnswerAsWithoutIt() throws Exception {
        List<String> plainA;
        List<String> plainB;
        try (ConfigEndpoint plain = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start();
             ConfigClient client = EndpointFixture.client(plain, false)) {
            plainA = evaluate(client, "FnA", PASSES);
            plainB = evaluate(client, "FnB", PASS_THROUGH);
            assertEquals(0, plain.evaluationsTakenAhead());
        }
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start();
             ConfigClient client = EndpointFixture.client(endpoint, false)) {
            long before = endpoint.guardProcesses();
            endpoint.evaluateAhead(List.of(
                    new ConfigEndpoint.Expected("AWS::Lambda::Function", "FnA", PASSES),
                    new ConfigEndpoint.Expected("AWS::Lambda::Function", "FnB", PASS_THROUGH),
                    new ConfigEndpoint.Expected("AWS::Lambda::Function", "FnBroken", "{not json"),
                    new ConfigEndpoint.Expected("AWS::S3::Bucket", "Bucket", "{}")));

            assertEquals(plainA, evaluate(client, "FnA", PASSES));
            assertEquals(plainB, evaluate(client, "FnB", PASS_THROUGH));
            assertEquals(2, endpoint.evaluationsTakenAhead());
            long ahead = endpoint.guardProcesses() - before;
            // two halves, one process at a time per two cores
            assertTrue(ahead >= 1 && ahead <= 2L * Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                    ahead + " processes");

            // Announced as FnA, arriving as FnC (another configuration item): evaluated on arrival, same verdict.
            List<String> c = evaluate(client, "FnC", PASSES);
            assertEquals(plainA.get(0), c.get(0));
            assertEquals(2, endpoint.evaluationsTakenAhead());
            assertEquals(ahead + 1, endpoint.guardProcesses() - before, "one more process for the unannounced one");
        }
    }

    @Test
    void anAnnouncedConfigurationArrivingTwiceIsEvaluatedAgainTheSecondTime() throws Exception {
        try (ConfigEndpoint endpoint = ConfigEndpoint.builder().rules(EndpointFixture.rulePack()).start();
             ConfigClient client = EndpointFixture.client(endpoint, false)) {
            endpoint.evaluateAhead(List.of(new ConfigEndpoint.Expected("AWS::Lambda::Function", "FnA", PASSES)));
            List<String> first = evaluate(client, "FnA", PASSES);
            List<String> second = evaluate(client, "FnA", PASSES);

            assertEquals(first, second);
            assertEquals(1, endpoint.evaluationsTakenAhead());
        }
    }
}
