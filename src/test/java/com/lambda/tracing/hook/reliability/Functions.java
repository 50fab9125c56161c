package com.lambda.tracing.hook.reliability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS::Lambda::Function properties as CloudFormation hands them to a hook: every scalar a string. The compliant one
 * passes every rule of the real pack in rules/; the non-compliant one breaks exactly lambda-tracing-active.
 */
final class Functions {
    static final String ACCOUNT = "123456789012";

    private Functions() {
    }

    static Map<String, Object> compliant(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("FunctionName", name);
        p.put("Description", "reliability fixture");
        p.put("Runtime", "python3.13");
        p.put("Handler", "index.handler");
        p.put("Architectures", List.of("arm64"));
        p.put("Role", "arn:aws:iam::" + ACCOUNT + ":role/" + name + "-role");
        p.put("Code", Map.of("S3Bucket", "artifacts-" + ACCOUNT, "S3Key", name + ".zip"));
        p.put("CodeSigningConfigArn", "arn:aws:lambda:us-east-1:" + ACCOUNT + ":code-signing-config:csc-0123456789abcdef0");
        p.put("MemorySize", "512");
        p.put("Timeout", "30");
        p.put("ReservedConcurrentExecutions", "20");
        p.put("TracingConfig", Map.of("Mode", "Active"));
        p.put("LoggingConfig", Map.of("LogFormat", "JSON", "ApplicationLogLevel", "INFO", "SystemLogLevel", "WARN"));
        p.put("DeadLetterConfig", Map.of("TargetArn", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":" + name + "-dlq"));
        p.put("KmsKeyArn", "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab");
        p.put("Environment", Map.of("Variables", new LinkedHashMap<>(Map.of("LOG_LEVEL", "INFO", "STAGE", "prod"))));
        p.put("VpcConfig", Map.of("SubnetIds", List.of("subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60719"),
                "SecurityGroupIds", List.of("sg-0a1b2c3d4e5f60718")));
        p.put("Layers", List.of("arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:7"));
        p.put("Tags", List.of(Map.of("Key", "team", "Value", "reliability")));
        return p;
    }

    /** Breaks lambda-tracing-active only. */
    static Map<String, Object> nonCompliant(String name) {
        Map<String, Object> p = compliant(name);
        p.put("TracingConfig", Map.of("Mode", "PassThrough"));
        return p;
    }
}
