package com.lambda.tracing.hook.bench;

import com.lambda.tracing.hook.ClientBuilder;
import com.lambda.tracing.hook.HookHandlerWrapper;
import com.lambda.tracing.hook.rules.RuleCatalog;
import com.lambda.tracing.hook.rules.RuleDefinition;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.config.ConfigClient;

/**
 * Warm cost of one invocation (a warm Lambda container): the hook's {@link HookHandlerWrapper#processRequest} against
 * an endpoint with canned, instant answers, many times after a warm-up. Baseline, interleaved in the same JVM: the
 * same three Config calls (start, summary, compliance details) made directly with the hook's own SDK client, so
 * {@code hook - baseline} is what the hook adds on top of Config's round trips.
 *
 * <p>Arguments: request file, warm-up rounds, measured rounds. Prints {@code warm key=value} lines.
 */
public final class WarmMain {
    private WarmMain() {
    }

    public static void main(String[] args) throws Exception {
        byte[] request = Files.readAllBytes(Path.of(args[0]));
        int warmup = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        try (CannedConfigEndpoint endpoint = new CannedConfigEndpoint(
                RuleCatalog.bundled().all().stream().map(RuleDefinition::name).toList())) {
            System.setProperty(ClientBuilder.ENDPOINT_PROPERTY, endpoint.url());
            HookHandlerWrapper wrapper = new HookHandlerWrapper();
            ConfigClient client = ClientBuilder.getClient();
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsSessionCredentials.create("PLACEHOLDERKEY", "placeholder", "placeholder"));
            long[] hook = new long[rounds];
            long[] raw = new long[rounds];
            for (int i = 0; i < warmup + rounds; i++) {
                long t0 = System.nanoTime();
                String response = invoke(wrapper, request);
                long t1 = System.nanoTime();
                rawCalls(client, credentials);
                long t2 = System.nanoTime();
                if (i == 0 && !response.contains("\"hookStatus\":\"SUCCESS\"")) {
                    throw new IllegalStateException("the hook did not succeed: " + response);
                }
                if (i >= warmup) {
                    hook[i - warmup] = t1 - t0;
                    raw[i - warmup] = t2 - t1;
                }
            }
            System.out.println("warm hookMedianUs=" + median(hook) / 1000 + " hookP90Us=" + percentile(hook, 90) / 1000
                    + " rawMedianUs=" + median(raw) / 1000 + " rawP90Us=" + percentile(raw, 90) / 1000
                    + " rounds=" + rounds);
            System.out.println(ProcMemory.report());
        }
        System.exit(0);
    }

    private static String invoke(HookHandlerWrapper wrapper, byte[] request) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        wrapper.processRequest(new ByteArrayInputStream(request), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What Config's own time amounts to with this endpoint: the hook's three calls, nothing else. */
    private static void rawCalls(ConfigClient client, StaticCredentialsProvider credentials) {
        String id = client.startResourceEvaluation(b -> b.evaluationMode("PROACTIVE").clientToken("x".repeat(64))
                .resourceDetails(d -> d.resourceId("OrdersFunction").resourceType("AWS::Lambda::Function")
                        .resourceConfiguration("{\"Runtime\":\"python3.12\"}").resourceConfigurationSchemaType("CFN_RESOURCE_SCHEMA"))
                .overrideConfiguration(o -> o.credentialsProvider(credentials))).resourceEvaluationId();
        client.getResourceEvaluationSummary(b -> b.resourceEvaluationId(id).overrideConfiguration(o -> o.credentialsProvider(credentials)));
        client.getComplianceDetailsByResource(b -> b.resourceEvaluationId(id).overrideConfiguration(o -> o.credentialsProvider(credentials)));
    }

    static long median(long[] values) {
        return percentile(values, 50);
    }

    static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
