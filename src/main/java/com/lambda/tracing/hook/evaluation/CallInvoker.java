package com.lambda.tracing.hook.evaluation;

import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsResponse;

/**
 * Runs one AWS call. In the hook this is {@code proxy::injectCredentialsAndInvokeV2}, so every Config call carries
 * the caller credentials CloudFormation handed to the invocation; the evaluation code never sees credentials.
 */
@FunctionalInterface
public interface CallInvoker {
    <Q extends AwsRequest, R extends AwsResponse> R invoke(Q request, Function<Q, R> call);
}
