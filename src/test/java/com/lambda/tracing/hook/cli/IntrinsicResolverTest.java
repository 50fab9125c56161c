package com.lambda.tracing.hook.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameters, pseudo parameters, conditions and every intrinsic function, as CloudFormation resolves them. */
class IntrinsicResolverTest {
    @TempDir
    Path dir;

    private static final String TEMPLATE = String.join("\n",
            "Parameters:",
            "  Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}",
            "  Mem: {Type: Number, Default: 256}",
            "  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1,subnet-2'}",
            "  Name: {Type: String, AllowedPattern: '^[a-z]+$', Default: orders}",
            "Mappings:",
            "  Sizes: {dev: {Memory: 512}, prod: {Memory: 2048}}",
            "Conditions:",
            "  IsProd: !Equals [!Ref Env, prod]",
            "  NotProd: !Not [!Condition IsProd]",
            "  Both: !And [!Condition NotProd, !Or [!Condition IsProd, !Equals [a, a]]]",
            "Resources:",
            "  Role: {Type: AWS::IAM::Role}",
            "  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: my-dlq}}",
            "  Key: {Type: AWS::KMS::Key}",
            "  Sg: {Type: AWS::EC2::SecurityGroup}",
            "  ProdOnly: {Type: AWS::Lambda::Function, Condition: IsProd, Properties: {Role: r}}",
            "  Fn:",
            "    Type: AWS::Lambda::Function",
            "    Properties:",
            "      Role: !GetAtt Role.Arn",
            "      RoleName: !Ref Role",
            "      Dlq: !GetAtt [Queue, Arn]",
            "      QueueUrl: !Ref Queue",
            "      Kms: !GetAtt Key.Arn",
            "      Sg: !GetAtt Sg.GroupId",
            "      MemorySize: !Ref Mem",
            "      Mapped: !FindInMap [Sizes, !Ref Env, Memory]",
            "      Sub: !Sub '${AWS::StackName}-${Env}-${!Literal}-${Role.Arn}'",
            "      SubVars: !Sub ['${Prefix}/${AWS::Region}/${AWS::AccountId}/${AWS::Partition}/${AWS::URLSuffix}', {Prefix: !Ref Name}]",
            "      Joined: !Join [':', [a, !Ref Env, !Select [1, !Ref Subnets]]]",
            "      Split: !Split ['/', 'a/b/c']",
            "      Third: !Select [2, !Split ['/', 'a/b/c']]",
            "      IfValue: !If [IsProd, big, small]",
            "      Gone: !If [IsProd, here, !Ref AWS::NoValue]",
            "      List: [one, !Ref AWS::NoValue, two]",
            "      Both: !If [Both, yes-both, no-both]",
            "      B64: !Base64 hello",
            "      AZ: !Select [0, !GetAZs '']",
            "      Imp: !ImportValue shared-vpc-id",
            "      Cidrs: !Cidr [10.1.0.0/16, 3, 8]",
            "      StackId: !Ref AWS::StackId",
            "      Flag: true",
            "      Count: 3",
            "");

    private IntrinsicResolver resolver(Map<String, String> overrides) throws Exception {
        Path f = dir.resolve("my-stack.yaml");
        Files.writeString(f, TEMPLATE);
        Template t = TemplateLoader.load(f);
        return new IntrinsicResolver(t, "eu-west-1", IntrinsicResolver.stackNameFor(f), overrides);
    }

    @Test
    void resolvesLikeCloudFormationWithRealisticPlaceholders() throws Exception {
        IntrinsicResolver r = resolver(Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) IntrinsicResolver.stringify(r.properties("Fn"));
        String role = (String) p.get("Role");
        assertTrue(role.matches("arn:aws:iam::123456789012:role/my-stack-Role-[A-Z0-9]{13}"), role);
        assertEquals(role.substring(role.indexOf('/') + 1), p.get("RoleName"));
        assertEquals("arn:aws:sqs:eu-west-1:123456789012:my-dlq", p.get("Dlq"));
        assertEquals("https://sqs.eu-west-1.amazonaws.com/123456789012/my-dlq", p.get("QueueUrl"));
        assertTrue(((String) p.get("Kms")).matches("arn:aws:kms:eu-west-1:123456789012:key/[0-9a-f-]{36}"));
        assertTrue(((String) p.get("Sg")).matches("sg-[0-9a-f]{17}"));
        assertEquals("256", p.get("MemorySize"));
        assertEquals("512", p.get("Mapped"));
        assertEquals("my-stack-dev-${Literal}-" + role, p.get("Sub"));
        assertEquals("orders/eu-west-1/123456789012/aws/amazonaws.com", p.get("SubVars"));
        assertEquals("a:dev:subnet-2", p.get("Joined"));
        assertEquals(List.of("a", "b", "c"), p.get("Split"));
        assertEquals("c", p.get("Third"));
        assertEquals("small", p.get("IfValue"));
        assertFalse(p.containsKey("Gone"));
        assertEquals(List.of("one", "two"), p.get("List"));
        assertEquals("yes-both", p.get("Both"));
        assertEquals(Base64.getEncoder().encodeToString("hello".getBytes()), p.get("B64"));
        assertEquals("eu-west-1a", p.get("AZ"));
        assertEquals("imported-shared-vpc-id", p.get("Imp"));
        assertEquals(List.of("10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24"), p.get("Cidrs"));
        assertTrue(((String) p.get("StackId")).startsWith("arn:aws:cloudformation:eu-west-1:123456789012:stack/my-stack/"));
        assertEquals("true", p.get("Flag"));
        assertEquals("3", p.get("Count"));
        assertFalse(r.created("ProdOnly"));
        assertTrue(r.created("Fn"));
        // deterministic
        assertEquals(role, ((Map<?, ?>) resolver(Map.of()).properties("Fn")).get("Role"));
    }

    @Test
    void overridesChangeParametersAndConditions() throws Exception {
        IntrinsicResolver r = resolver(Map.of("Env", "prod", "Mem", "1024"));
        Map<String, Object> p = r.properties("Fn");
        assertEquals("big", p.get("IfValue"));
        assertEquals("here", p.get("Gone"));
        assertEquals("2048", IntrinsicResolver.stringify(p.get("Mapped")));
        assertEquals("1024", p.get("MemorySize"));
        assertTrue(r.created("ProdOnly"));
    }

    @Test
    void invalidParametersAndReferencesAreUsageErrors() throws Exception {
        UsageException e = assertThrows(UsageException.class, () -> resolver(Map.of("Env", "qa")));
        assertTrue(e.getMessage().contains("not one of its AllowedValues"), e.getMessage());
        e = assertThrows(UsageException.class, () -> resolver(Map.of("Name", "Bad Name")));
        assertTrue(e.getMessage().contains("AllowedPattern"));
        e = assertThrows(UsageException.class, () -> resolver(Map.of("Mem", "lots")));
        assertTrue(e.getMessage().contains("Number"));
        e = assertThrows(UsageException.class, () -> resolver(Map.of("Nope", "x")));
        assertTrue(e.getMessage().contains("not a parameter"));

        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "Parameters:\n  NoDefault: {Type: String}\nResources:\n  F: {Type: AWS::Lambda::Function}\n");
        e = assertThrows(UsageException.class, () -> new IntrinsicResolver(TemplateLoader.load(f), "us-east-1", "s", Map.of()));
        assertTrue(e.getMessage().contains("--parameter-overrides NoDefault=VALUE"), e.getMessage());

        Files.writeString(f, "Resources:\n  F: {Type: AWS::Lambda::Function, Properties: {Role: !Ref Missing}}\n");
        IntrinsicResolver r = new IntrinsicResolver(TemplateLoader.load(f), "us-east-1", "s", Map.of());
        e = assertThrows(UsageException.class, () -> r.properties("F"));
        assertTrue(e.getMessage().contains("Ref to Missing"), e.getMessage());

        Files.writeString(f, "Resources:\n  F: {Type: AWS::Lambda::Function, Properties: {X: !Select [5, [a]]}}\n");
        IntrinsicResolver r2 = new IntrinsicResolver(TemplateLoader.load(f), "us-east-1", "s", Map.of());
        assertThrows(UsageException.class, () -> r2.properties("F"));

        Files.writeString(f, "Conditions:\n  A: !Condition A\nResources:\n  F: {Type: AWS::Lambda::Function, Condition: A}\n");
        IntrinsicResolver r3 = new IntrinsicResolver(TemplateLoader.load(f), "us-east-1", "s", Map.of());
        e = assertThrows(UsageException.class, () -> r3.created("F"));
        assertTrue(e.getMessage().contains("refers to itself"));
    }

    @Test
    void stackNamesComeFromTheFileName() {
        assertEquals("multi-function-app", IntrinsicResolver.stackNameFor(Path.of("examples/multi-function-app.yaml")));
        assertEquals("stack-2024-app", IntrinsicResolver.stackNameFor(Path.of("2024_app.json")));
    }
}
