package com.lambda.tracing.hook.local;

import com.lambda.tracing.hook.rules.RuleCatalog;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.EvaluationMode;
import software.amazon.awssdk.services.config.model.GetResourceEvaluationSummaryResponse;
import software.amazon.awssdk.services.config.model.ResourceConfigurationSchemaType;
import software.amazon.awssdk.services.config.model.ResourceEvaluationStatus;
import software.amazon.awssdk.services.config.model.StartResourceEvaluationRequest;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

/** Shared set-up: the real rules/ pack, the real cfn-guard, SDK clients over real HTTP. */
final class EndpointFixture {
    private EndpointFixture() {
    }

    static Path projectDir() {
        return Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();
    }

    static RuleCatalog rulePack() {
        return RuleCatalog.load(projectDir().resolve("rules"));
    }

    /**
     * The environment of an AWS CLI child process: static test credentials, and none of the user's profiles, config or
     * credentials files (both point at files under {@code work} that do not exist), instance metadata or pager.
     */
    static void isolateAwsCli(Map<String, String> env, Path work, String accessKeyId) {
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", "local-secret");
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", work.resolve("none-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("none-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
    }

    static ConfigClient client(ConfigEndpoint endpoint, boolean retries) {
        return ConfigClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret")))
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(c -> {
                    if (!retries) {
                        c.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    static StartResourceEvaluationRequest.Builder start(String resourceId, String propertiesJson) {
        return StartResourceEvaluationRequest.builder()
                .evaluationMode(EvaluationMode.PROACTIVE)
                .evaluationTimeout(60)
                .resourceDetails(d -> d.resourceId(resourceId).resourceType("AWS::Lambda::Function")
                        .resourceConfiguration(propertiesJson)
                        .resourceConfigurationSchemaType(ResourceConfigurationSchemaType.CFN_RESOURCE_SCHEMA));
    }

    static GetResourceEvaluationSummaryResponse await(ConfigClient client, String id, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            GetResourceEvaluationSummaryResponse s = client.getResourceEvaluationSummary(r -> r.resourceEvaluationId(id));
            if (s.evaluationStatus().status() != ResourceEvaluationStatus.IN_PROGRESS || System.nanoTime() > deadline) {
                return s;
            }
            Thread.sleep(20);
        }
    }

    /** Lambda properties as the hook sends them (schema types), with the given tracing mode. */
    static String lambda(String tracingMode) {
        return "{\"Runtime\":\"python3.12\",\"Handler\":\"index.handler\",\"MemorySize\":256,\"Timeout\":10,"
                + "\"Role\":\"arn:aws:iam::123456789012:role/app-LambdaExecutionRole-1A2B3C4D5E6F\","
                + "\"Code\":{\"ZipFile\":\"def handler(e, c):\\n    return 1\\n\"},"
                + "\"TracingConfig\":{\"Mode\":\"" + tracingMode + "\"}}";
    }
}
