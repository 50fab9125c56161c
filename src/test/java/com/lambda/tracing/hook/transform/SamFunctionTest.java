package com.lambda.tracing.hook.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamFunctionTest {

    private static JsonNode fn(ObjectNode processed) {
        return processed.path("Resources").path("Fn");
    }

    @Test
    void minimalFunctionBecomesLambdaFunctionWithRoleAndSamTag() {
        ObjectNode t = Sam.process(Sam.function());
        assertEquals("AWS::Lambda::Function", fn(t).path("Type").asText());
        assertEquals(Sam.node("""
                Code: {S3Bucket: bucket, S3Key: code.zip}
                Handler: index.handler
                Runtime: python3.12
                Role: {"Fn::GetAtt": [FnRole, Arn]}
                Tags: [{Key: "lambda:createdBy", Value: SAM}]
                """), fn(t).path("Properties"));
        JsonNode role = t.path("Resources").path("FnRole");
        assertEquals("AWS::IAM::Role", role.path("Type").asText());
        assertEquals("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                role.path("Properties").path("ManagedPolicyArns").get(0).asText());
        assertFalse(t.has("Transform"));
    }

    @Test
    void copiedPropertiesKeepTheirValuesAndIntrinsics() {
        ObjectNode t = Sam.process(Sam.function("MemorySize: '256'", "Timeout: {Ref: T}", "KmsKeyArn: arn:aws:kms:k",
                "VpcConfig: {SubnetIds: [s1], SecurityGroupIds: [g1]}", "Environment: {Variables: {A: b}}",
                "ReservedConcurrentExecutions: 3", "Architectures: [arm64]", "Layers: [arn:aws:lambda:l:1]",
                "EphemeralStorage: {Size: 1024}", "LoggingConfig: {LogFormat: JSON}", "FunctionName: ''",
                "Description: d"));
        JsonNode p = fn(t).path("Properties");
        assertEquals("256", p.path("MemorySize").asText());
        assertTrue(p.path("MemorySize").isTextual(), "a string stays a string");
        assertEquals(Sam.node("{Ref: T}"), p.path("Timeout"));
        assertEquals(Sam.node("{SubnetIds: [s1], SecurityGroupIds: [g1]}"), p.path("VpcConfig"));
        assertEquals("arm64", p.path("Architectures").get(0).asText());
        assertEquals(1024, p.path("EphemeralStorage").path("Size").asInt());
        assertFalse(p.has("FunctionName"), "an empty FunctionName is left out");
        assertEquals("d", p.path("Description").asText());
        JsonNode managed = t.path("Resources").path("FnRole").path("Properties").path("ManagedPolicyArns");
        assertEquals("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", managed.get(1).asText());
    }

    @Test
    void tracingBecomesTracingConfigUnlessDisabled() {
        assertEquals("Active", fn(Sam.process(Sam.function("Tracing: Active"))).path("Properties")
                .path("TracingConfig").path("Mode").asText());
        assertFalse(fn(Sam.process(Sam.function("Tracing: Disabled"))).path("Properties").has("TracingConfig"));
        String withParameter = "Parameters:\n  Mode: {Type: String, Default: Disabled}\n"
                + Sam.function("Tracing: {Ref: Mode}");
        assertFalse(fn(Sam.process(withParameter)).path("Properties").has("TracingConfig"),
                "a parameter whose value is Disabled disables tracing");
        ObjectNode active = TemplateTransforms.process(Sam.template(withParameter), Sam.options(Map.of("Mode", "Active")));
        assertEquals(Sam.node("{Mode: {Ref: Mode}}"), fn(active).path("Properties").path("TracingConfig"));
        ObjectNode xray = Sam.process(Sam.function("Tracing: Active"));
        assertEquals("arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
                xray.path("Resources").path("FnRole").path("Properties").path("ManagedPolicyArns").get(1).asText());
    }

    @Test
    void deadLetterQueueBecomesDeadLetterConfigAndARolePolicy() {
        ObjectNode t = Sam.process(Sam.function("DeadLetterQueue: {Type: SQS, TargetArn: arn:aws:sqs:q}"));
        assertEquals(Sam.node("{TargetArn: arn:aws:sqs:q}"), fn(t).path("Properties").path("DeadLetterConfig"));
        JsonNode policy = t.path("Resources").path("FnRole").path("Properties").path("Policies").get(0);
        assertEquals("DeadLetterQueuePolicy", policy.path("PolicyName").asText());
        assertEquals("sqs:SendMessage", policy.path("PolicyDocument").path("Statement").get(0).path("Action").asText());
        TransformException e = assertThrows(TransformException.class,
                () -> Sam.process(Sam.function("DeadLetterQueue: {Type: SES, TargetArn: x}")));
        assertTrue(e.getMessage().contains("[Fn]") && e.getMessage().contains("SQS or SNS"), e.getMessage());
    }

    @Test
    void codeFromS3UriObjectInlineImageAndLocalPath() {
        assertEquals(Sam.node("{S3Bucket: b, S3Key: k/x.zip, S3ObjectVersion: '3'}"),
                fn(Sam.process(Sam.function("CodeUri: s3://b/k/x.zip?versionId=3", "Handler: h", "Runtime: r")))
                        .path("Properties").path("Code"));
        assertEquals(Sam.node("{S3Bucket: {Ref: B}, S3Key: k, S3ObjectVersion: v}"),
                fn(Sam.process(Sam.function("CodeUri: {Bucket: {Ref: B}, Key: k, Version: v}", "Handler: h",
                        "Runtime: r"))).path("Properties").path("Code"));
        assertEquals(Sam.node("{ZipFile: 'print(1)'}"),
                fn(Sam.process(Sam.function("InlineCode: 'print(1)'", "Handler: h", "Runtime: r")))
                        .path("Properties").path("Code"));
        JsonNode image = fn(Sam.process(Sam.function("PackageType: Image", "ImageUri: 1.dkr.ecr/r:1"))).path("Properties");
        assertEquals(Sam.node("{ImageUri: 1.dkr.ecr/r:1}"), image.path("Code"));
        assertEquals("Image", image.path("PackageType").asText());
        JsonNode local = fn(Sam.process(Sam.function("CodeUri: src/", "Handler: h", "Runtime: r")))
                .path("Properties").path("Code");
        assertEquals(SamFunction.PLACEHOLDER_BUCKET, local.path("S3Bucket").asText());
        assertEquals("src/", local.path("S3Key").asText());
    }

    @Test
    void tagsAreAListWithTheSamTagFirst() {
        JsonNode tags = fn(Sam.process(Sam.function("Tags: {team: a, cost: 0, flag: false}"))).path("Properties").path("Tags");
        assertEquals(Sam.node("[{Key: 'lambda:createdBy', Value: SAM}, {Key: team, Value: a}, {Key: cost, Value: 0},"
                + " {Key: flag, Value: false}]"), tags);
        JsonNode propagated = fn(Sam.process(Sam.function("Tags: {team: a}", "PropagateTags: true")))
                .path("Properties").path("Tags");
        assertEquals(Sam.node("[{Key: team, Value: a}]"), propagated, "PropagateTags replaces the function's tags too");
        TransformException e = assertThrows(TransformException.class,
                () -> Sam.process(Sam.function("Tags: {'lambda:createdBy': me}")));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void givenRoleIsPassedAndNoRoleIsGenerated() {
        ObjectNode t = Sam.process(Sam.function("Role: arn:aws:iam::1:role/r"));
        assertEquals("arn:aws:iam::1:role/r", fn(t).path("Properties").path("Role").asText());
        assertFalse(t.path("Resources").has("FnRole"));
    }

    @Test
    void conditionalRoleWithNoValueGetsAConditionalGeneratedRole() {
        String yaml = "Conditions:\n  Own: {\"Fn::Equals\": [a, b]}\n"
                + Sam.function("Role: {\"Fn::If\": [Own, arn:aws:iam::1:role/r, {Ref: AWS::NoValue}]}");
        ObjectNode t = Sam.process(yaml);
        assertEquals(Sam.node("{\"Fn::If\": [Own, arn:aws:iam::1:role/r, {\"Fn::GetAtt\": [FnRole, Arn]}]}"),
                fn(t).path("Properties").path("Role"));
        assertEquals("NOTOwn", t.path("Resources").path("FnRole").path("Condition").asText());
        assertEquals(Sam.node("{\"Fn::Not\": [{Condition: Own}]}"), t.path("Conditions").path("NOTOwn"));

        ObjectNode then = Sam.process("Conditions:\n  Own: {\"Fn::Equals\": [a, b]}\n"
                + Sam.function("Role: {\"Fn::If\": [Own, {Ref: AWS::NoValue}, arn:aws:iam::1:role/r]}"));
        assertEquals("Own", then.path("Resources").path("FnRole").path("Condition").asText());
    }

    @Test
    void resourceAttributesAreCarriedOver() {
        String yaml = "Conditions:\n  C: {\"Fn::Equals\": [a, a]}\n"
                + Sam.function().replace("    Type: AWS::Serverless::Function\n", "    Type: AWS::Serverless::Function\n"
                + "    Condition: C\n    DependsOn: Other\n    DeletionPolicy: Retain\n    Metadata: {m: 1}\n")
                + "  Other:\n    Type: AWS::SNS::Topic\n";
        ObjectNode t = Sam.process(yaml);
        assertEquals("C", fn(t).path("Condition").asText());
        assertEquals("Other", fn(t).path("DependsOn").asText());
        assertEquals("Retain", fn(t).path("DeletionPolicy").asText());
        assertEquals(1, fn(t).path("Metadata").path("m").asInt());
        JsonNode role = t.path("Resources").path("FnRole");
        assertEquals("C", role.path("Condition").asText());
        assertEquals("Retain", role.path("DeletionPolicy").asText());
        assertFalse(role.has("DependsOn"), "the role inherits only Condition and the deletion policies");
        assertEquals("AWS::SNS::Topic", t.path("Resources").path("Other").path("Type").asText(), "other resources kept");
    }

    @Test
    void validationErrorsNameTheResource() {
        for (String[] c : new String[][] {
                {"PackageType: Zip\n      Handler: h\n      Runtime: r", "CodeUri is missing"},
                {"CodeUri: s3://b/k\n      Handler: h\n      Runtime: r\n      Unknown: 1", "Unknown"},
                {"CodeUri: []\n      Handler: h\n      Runtime: r", "CodeUri"},
                {"CodeUri: s3://b/k\n      Handler: h\n      Runtime: r\n      MemorySize: big", "MemorySize"},
                {"PackageType: Image\n      ImageUri: i\n      Handler: h", "Handler"},
                {"CodeUri: s3://b/k\n      Runtime: r", "Handler"},
                {"CodeUri: s3://b/k\n      Handler: h\n      Runtime: r\n      Role: [a]", "Role"}}) {
            TransformException e = assertThrows(TransformException.class, () -> Sam.process(Sam.function(c[0])), c[1]);
            assertTrue(e.getMessage().startsWith("Resource with id [Fn] is invalid."), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line");
        }
    }

    @Test
    void eventsAreCheckedAsSamChecksThemAndNeverChangeTheFunction() {
        ObjectNode t = Sam.process(Sam.function("CodeUri: s3://b/k", "Handler: h", "Runtime: r",
                "Events: {Q: {Type: SQS, Properties: {Queue: arn:aws:sqs:q}}}"));
        assertFalse(fn(t).path("Properties").has("Events"));
        assertEquals("arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
                t.path("Resources").path("FnRole").path("Properties").path("ManagedPolicyArns").get(1).asText());
        for (String events : new String[] {"Events: {Q: {Type: Carrier}}", "Events: {Q: {Type: SQS, Properties: [q]}}",
                "Events: {Q: {Type: Api, Properties: /hello}}"}) {
            TransformException e = assertThrows(TransformException.class,
                    () -> Sam.process(Sam.function("CodeUri: s3://b/k", "Handler: h", "Runtime: r", events)), events);
            assertTrue(e.getMessage().startsWith("Resource with id [Fn] is invalid. Event with id [Q] is invalid."),
                    e.getMessage());
        }
    }
}
