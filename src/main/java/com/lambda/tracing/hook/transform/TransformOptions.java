package com.lambda.tracing.hook.transform;

import java.util.Map;

/**
 * What a transform needs to know about the deployment.
 *
 * @param region             the Region the stack deploys to (decides the partition of generated ARNs)
 * @param parameterValues    template parameter values given by the user; parameters not named here take their
 *                           {@code Default}
 * @param samWhenUndeclared  apply the SAM transform to a template that has {@code AWS::Serverless::*} resources but no
 *                           {@code Transform: AWS::Serverless-2016-10-31} line (as the SAM translator does); when false
 *                           such a template is rejected, as CloudFormation rejects it
 */
public record TransformOptions(String region, Map<String, String> parameterValues, boolean samWhenUndeclared) {

    public TransformOptions {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region is required");
        }
        parameterValues = Map.copyOf(parameterValues);
    }

    /** The AWS partition of {@link #region()}: {@code aws}, {@code aws-cn}, {@code aws-us-gov}, ... */
    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        return "aws";
    }
}
