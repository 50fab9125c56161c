/**
 * Proactive evaluation with AWS Config, one function at a time: property normalisation to the
 * {@code AWS::Lambda::Function} schema types, the StartResourceEvaluation request, the start / poll / results state
 * machine within the invocation's budget, the classification of failed calls, exemptions, and the verdict (message
 * and one result per rule). Knows nothing of CloudFormation's request shapes: the hook package translates.
 *
 * <p>May use {@code rules}, {@code common} and the AWS SDK's Config client; never the hook package, {@code cli},
 * {@code local} or {@code transform}. Ships in the hook jar.
 */
package com.lambda.tracing.hook.evaluation;
