package com.lambda.tracing.hook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} on SAM templates: the real hook, the embedded endpoint and cfn-guard on the transformed functions. */
class CheckSamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        CheckCommandTest.setUp();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void theSamSecurityBaselineExampleIsEvaluatedAndNamesItsFailingRules() throws Exception {
        CheckCommandTest.Run r = CheckCommandTest.check("--format", "json",
                CheckCommandTest.example("sam-security-baseline.yaml"));
        assertEquals(1, r.code(), r.err());
        JsonNode fn = JSON.readTree(r.out()).at("/templates/0/functions/0");
        assertEquals("OrdersFunction", fn.get("logicalId").asText());
        assertEquals("AWS::Serverless::Function", fn.get("type").asText());
        assertEquals("NON_COMPLIANT", fn.get("verdict").asText());
        assertEquals(lineOf(CheckCommandTest.example("sam-security-baseline.yaml"), "  OrdersFunction:"),
                fn.get("line").asInt());
        Set<String> failed = new HashSet<>();
        Set<String> passed = new HashSet<>();
        fn.get("annotations").forEach(a -> (a.get("status").asText().equals("FAILED") ? failed : passed)
                .add(a.get("annotationName").asText()));
        assertEquals(Set.of("lambda-code-signing", "lambda-concurrency-bounded", "lambda-env-encrypted-cmk",
                "lambda-logging-json"), failed);
        assertTrue(passed.containsAll(Set.of("lambda-inside-vpc", "lambda-dlq-configured", "lambda-tracing-active",
                "lambda-runtime-supported")), "Globals, VpcConfig, DeadLetterQueue and Tracing reached the hook: " + passed);
    }

    @Test
    void aCompliantSamFunctionPassesAndItsPropertiesAreShownUnderVerbose() throws Exception {
        Path t = write("ok.yaml", String.join("\n",
                "Transform: AWS::Serverless-2016-10-31",
                "Globals:",
                "  Function:",
                "    Runtime: python3.12",
                "    Tracing: Active",
                "    ReservedConcurrentExecutions: 5",
                "    LoggingConfig: {LogFormat: JSON}",
                "Resources:",
                "  Key:",
                "    Type: AWS::KMS::Key",
                "  Dlq:",
                "    Type: AWS::SQS::Queue",
                "  Signing:",
                "    Type: AWS::Lambda::CodeSigningConfig",
                "    Properties:",
                "      AllowedPublishers: {SigningProfileVersionArns: [arn:aws:signer:us-east-1:123456789012:/signing-profiles/p/1]}",
                "  Api:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      CodeUri: src/",
                "      Handler: app.handler",
                "      KmsKeyArn: !GetAtt Key.Arn",
                "      CodeSigningConfigArn: !Ref Signing",
                "      Environment: {Variables: {MODE: fast}}",
                "      VpcConfig: {SubnetIds: [subnet-0a1b2c3d4e5f60718], SecurityGroupIds: [sg-0123456789abcdef0]}",
                "      DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Dlq.Arn}",
                ""));
        CheckCommandTest.Run r = CheckCommandTest.check("--no-color", "--verbose", t.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS     Api"), r.out());
        assertTrue(r.err().contains("Api (AWS::Serverless::Function): the hook receives {"), r.err());
        assertTrue(r.err().contains("\"TracingConfig\":{\"Mode\":\"Active\"}"), r.err());
        assertTrue(r.err().contains("\"ReservedConcurrentExecutions\":\"5\""), "Globals merged: " + r.err());
        assertFalse(r.err().contains("fast"), "environment values are masked");
    }

    @Test
    void aSamFunctionWhoseConditionIsFalseIsNotDeployed() throws Exception {
        Path t = write("cond.yaml", String.join("\n",
                "Transform: AWS::Serverless-2016-10-31",
                "Parameters:",
                "  Stage: {Type: String, Default: dev}",
                "Conditions:",
                "  IsProd: !Equals [!Ref Stage, prod]",
                "Resources:",
                "  ProdOnly:",
                "    Type: AWS::Serverless::Function",
                "    Condition: IsProd",
                "    Properties: {InlineCode: x, Handler: h, Runtime: python3.12}",
                ""));
        CheckCommandTest.Run r = CheckCommandTest.check("--format", "json", t.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode fn = JSON.readTree(r.out()).at("/templates/0/functions/0");
        assertEquals("NOT_EVALUATED", fn.get("verdict").asText());
        assertEquals("AWS::Serverless::Function", fn.get("type").asText());
        CheckCommandTest.Run prod = CheckCommandTest.check("--format", "json", "--parameter-overrides", "Stage=prod", t.toString());
        assertEquals(1, prod.code(), "deployed in prod, and blocked");
    }

    @Test
    void aSamResourceWithoutTheTransformLineIsAnError() throws Exception {
        Path t = write("undeclared.yaml", String.join("\n",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Serverless::Function",
                "    Properties: {InlineCode: x, Handler: h, Runtime: python3.12}",
                ""));
        CheckCommandTest.Run r = CheckCommandTest.check(t.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("undeclared.yaml") && r.err().contains("Transform: AWS::Serverless-2016-10-31"), r.err());
    }

    @Test
    void aSamResourceTheTransformRejectsIsAnErrorAtItsLine() throws Exception {
        String head = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n  Fn:\n"
                + "    Type: AWS::Serverless::Function\n    Properties: {Handler: h, Runtime: python3.12";
        for (String[] c : new String[][] {
                {"}", "Resource with id [Fn] is invalid. Either 'InlineCode' or 'CodeUri' must be set."},
                {", InlineCode: x, TenancyConfig: {TenantIsolationMode: PER_TENANT}, Events: {Jobs: {Type: SQS,"
                        + " Properties: {Queue: arn:aws:sqs:eu-west-1:111122223333:jobs}}}}",
                        "Resource with id [Fn] is invalid. Event source 'SQS' is not supported for functions enabled"
                                + " with tenancy configuration. Only Api and HttpApi event sources are supported."}}) {
            Path t = write("bad.yaml", head + c[0] + "\n");
            CheckCommandTest.Run r = CheckCommandTest.check(t.toString());
            assertEquals(2, r.code(), r.out());
            assertTrue(r.err().contains("bad.yaml:5: " + c[1]), r.err());
            assertEquals(1, r.err().trim().lines().filter(l -> l.startsWith("lambda-hook:")).count(), r.err());
        }
    }

    private static int lineOf(String file, String text) throws Exception {
        var lines = Files.readAllLines(Path.of(file));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            index.putIfAbsent(lines.get(i), i + 1);
        }
        return index.get(text);
    }
}
