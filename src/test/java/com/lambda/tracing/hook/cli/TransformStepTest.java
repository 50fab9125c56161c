package com.lambda.tracing.hook.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Templates that declare transforms, read as the CLI reads them (YAML short forms included). */
class TransformStepTest {
    @TempDir
    Path dir;

    private Template load(String yaml) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, yaml);
        return TemplateLoader.load(f);
    }

    @Test
    void languageExtensionsRunBeforeResolutionAndGeneratedFunctionsKeepTheLineOfTheirLoop() throws Exception {
        Template t = load(String.join("\n",
                "Transform: AWS::LanguageExtensions",
                "Parameters:",
                "  Names: {Type: CommaDelimitedList, Default: 'orders,users'}",
                "Resources:",
                "  Role: {Type: AWS::IAM::Role}",
                "  Fn::ForEach::Functions:",
                "    - Name",
                "    - !Ref Names",
                "    - ${Name}Function:",
                "        Type: AWS::Lambda::Function",
                "        DeletionPolicy: !Ref AWS::NoValue",
                "        Properties:",
                "          FunctionName: !Sub '${AWS::StackName}-${Name}'",
                "          Role: !GetAtt Role.Arn",
                "          MemorySize: {'Fn::Length': !Ref Names}",
                "          Tags: [{Key: name, Value: !Ref Name}]"));
        TransformStep.Outcome o = TransformStep.apply(t, "eu-west-1", Map.of("Names", "a,b,c"));
        assertEquals(List.of(), o.notApplied());
        Template p = o.template();
        assertEquals(List.of("Role", "aFunction", "bFunction", "cFunction"), List.copyOf(((Map<?, ?>) p.document().get("Resources")).keySet()));
        assertEquals(6, p.line("cFunction"));
        Map<String, Object> props = new IntrinsicResolver(p, "eu-west-1", "stack", Map.of("Names", "a,b,c")).properties("bFunction");
        assertEquals("stack-b", props.get("FunctionName"));
        assertEquals(new java.math.BigDecimal(3), props.get("MemorySize"));
        assertEquals(List.of(Map.of("Key", "name", "Value", "b")), props.get("Tags"));
    }

    @Test
    void aBrokenLoopIsBadInputThatNamesTheFileLineAndLoop() throws Exception {
        Template t = load(String.join("\n",
                "Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]",
                "Resources:",
                "  Queue: {Type: AWS::SQS::Queue}",
                "  Fn::ForEach::Queues:",
                "    - Q",
                "    - [A]",
                "    - Queue: {Type: AWS::SQS::Queue}"));
        UsageException e = assertThrows(UsageException.class, () -> TransformStep.apply(t, "eu-west-1", Map.of()));
        assertEquals(dir.resolve("t.yaml") + ":4: AWS::LanguageExtensions: Resources/Fn::ForEach::Queues: Fn::ForEach::Queues:"
                + " the key 'Queue' contains neither ${Q} nor &{Q}, so every item would generate the same key", e.getMessage());
        Template generated = load(String.join("\n",
                "Transform: AWS::LanguageExtensions",
                "Resources:",
                "  Fn::ForEach::Queues: [Q, [A], {'Queue${Q}': {Properties: {}}}]"));
        e = assertThrows(UsageException.class, () -> TransformStep.apply(generated, "eu-west-1", Map.of()));
        assertEquals(dir.resolve("t.yaml") + ":3: resource QueueA has no Type", e.getMessage());
        Template policy = load(String.join("\n",
                "Transform: AWS::LanguageExtensions",
                "Parameters:",
                "  Keep: {Type: String, Default: Forever}",
                "Resources:",
                "  Fn::ForEach::Queues: [Q, [A], {'Queue${Q}': {Type: AWS::SQS::Queue, DeletionPolicy: !Ref Keep}}]"));
        e = assertThrows(UsageException.class, () -> TransformStep.apply(policy, "eu-west-1", Map.of()));
        assertEquals(dir.resolve("t.yaml") + ":5: AWS::LanguageExtensions: Resources/QueueA (from Fn::ForEach::Queues):"
                + " DeletionPolicy resolves to 'Forever', which is not one of [Delete, Retain, RetainExceptOnCreate, Snapshot]",
                e.getMessage());
    }

    @Test
    void aLoopWithoutTheTransformIsRejectedAsCloudFormationRejectsIt() throws Exception {
        Template t = load("Resources:\n  Fn::ForEach::Queues: [Q, [A], {'Queue${Q}': {Type: AWS::SQS::Queue}}]");
        UsageException e = assertThrows(UsageException.class, () -> TransformStep.apply(t, "eu-west-1", Map.of()));
        assertEquals(dir.resolve("t.yaml") + ": Fn::ForEach::Queues needs 'Transform: AWS::LanguageExtensions' in the"
                + " template; CloudFormation rejects Fn::ForEach without it", e.getMessage());
    }

    @Test
    void transformsOnlyCloudFormationCanRunAreNamedAndTheTemplateIsLeftAsItIs() throws Exception {
        Template macro = load(String.join("\n",
                "Transform: [MyMacro, {Name: 'AWS::Include', Parameters: {Location: 's3://b/k.yaml'}}, AWS::LanguageExtensions]",
                "Resources:",
                "  Made: {Kind: filled-in-by-the-macro}",
                "  Fn: {Type: AWS::Lambda::Function, Properties: {Role: r}}"));
        TransformStep.Outcome o = TransformStep.apply(macro, "eu-west-1", Map.of());
        assertEquals(List.of("MyMacro", "AWS::Include"), o.notApplied());
        assertSame(macro, o.template());

        Template embedded = load(String.join("\n",
                "Resources:",
                "  Fn::Transform: {Name: AWS::Include, Parameters: {Location: 's3://b/more.yaml'}}",
                "  Fn: {Type: AWS::Lambda::Function, Properties: {Role: r}}"));
        assertEquals(List.of("AWS::Include"), TransformStep.apply(embedded, "eu-west-1", Map.of()).notApplied());

        Template inResource = load(String.join("\n",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      Role: r",
                "      Fn::Transform: {Name: AddTracing}",
                "  Other: {Type: AWS::Lambda::Function, Properties: {Role: r}}"));
        TransformStep.Outcome r = TransformStep.apply(inResource, "eu-west-1", Map.of());
        assertEquals(List.of(), r.notApplied());
        assertEquals(Map.of("Fn", "AddTracing"), r.macroResources());
    }
}
