package com.lambda.tracing.hook.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML short forms, JSON, resource lines and clear one-line errors. */
class TemplateLoaderTest {
    @TempDir
    Path dir;

    private Template load(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return TemplateLoader.load(f);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Template t, String id) {
        return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) t.document().get("Resources")).get(id)).get("Properties");
    }

    @Test
    void everyShortFormTagBecomesItsLongForm() throws Exception {
        Template t = load("t.yaml", String.join("\n",
                "Conditions:",
                "  A: !Equals [!Ref Env, prod]",
                "  B: !Not [!Condition A]",
                "  C: !And [!Condition A, !Or [!Condition B, !Condition A]]",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      Ref1: !Ref Thing",
                "      Att1: !GetAtt Role.Arn",
                "      Att2: !GetAtt [Role, Arn]",
                "      Att3: !GetAtt Bucket.Outputs.Deep",
                "      Sub1: !Sub '${AWS::Region}-x'",
                "      Sub2: !Sub ['${a}', {a: !Ref B}]",
                "      Join: !Join [',', [a, b]]",
                "      Select: !Select [0, !GetAZs '']",
                "      Split: !Split [',', 'a,b']",
                "      If: !If [A, 1, !Ref AWS::NoValue]",
                "      Map: !FindInMap [M, k, v]",
                "      B64: !Base64 text",
                "      Imp: !ImportValue shared-export",
                "      Cidr: !Cidr [10.0.0.0/16, 2, 8]",
                "      AZs: !GetAZs",
                "      Num: 256",
                "      Float: 1.50",
                "      Bool: true",
                "      Yes: yes",
                "      Quoted: '256'",
                "      Null: ~",
                ""));
        Map<String, Object> p = props(t, "Fn");
        assertEquals(Map.of("Ref", "Thing"), p.get("Ref1"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Role", "Arn")), p.get("Att1"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Role", "Arn")), p.get("Att2"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Bucket", "Outputs.Deep")), p.get("Att3"));
        assertEquals(Map.of("Fn::Sub", "${AWS::Region}-x"), p.get("Sub1"));
        assertTrue(((Map<?, ?>) p.get("Sub2")).get("Fn::Sub") instanceof List);
        assertEquals(Map.of("Fn::Join", List.of(",", List.of("a", "b"))), p.get("Join"));
        assertEquals(Map.of("Fn::Select", List.of(new BigDecimal("0"), Map.of("Fn::GetAZs", ""))), p.get("Select"));
        assertEquals(Map.of("Fn::Split", List.of(",", "a,b")), p.get("Split"));
        assertTrue(((Map<?, ?>) p.get("If")).containsKey("Fn::If"));
        assertEquals(Map.of("Fn::FindInMap", List.of("M", "k", "v")), p.get("Map"));
        assertEquals(Map.of("Fn::Base64", "text"), p.get("B64"));
        assertEquals(Map.of("Fn::ImportValue", "shared-export"), p.get("Imp"));
        assertEquals(Map.of("Fn::Cidr", List.of("10.0.0.0/16", new BigDecimal("2"), new BigDecimal("8"))), p.get("Cidr"));
        assertEquals(Map.of("Fn::GetAZs", ""), p.get("AZs"));
        assertEquals(new BigDecimal("256"), p.get("Num"));
        assertEquals("1.50", ((BigDecimal) p.get("Float")).toPlainString());
        assertEquals(Boolean.TRUE, p.get("Bool"));
        assertEquals("yes", p.get("Yes"));
        assertEquals("256", p.get("Quoted"));
        assertTrue(p.containsKey("Null"));
        Map<?, ?> conditions = (Map<?, ?>) t.document().get("Conditions");
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Condition", "A"))), conditions.get("B"));
        assertEquals(6, t.line("Fn"));
    }

    @Test
    void jsonTemplatesKeepTheLineOfEachResource() throws Exception {
        Template t = load("t.json", "{\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::SNS::Topic\"},\n\n    \"B\": {\n      \"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"MemorySize\": 256}\n    }\n  }\n}\n");
        assertEquals(3, t.line("A"));
        assertEquals(5, t.line("B"));
        assertEquals(new BigDecimal("256"), props(t, "B").get("MemorySize"));
    }

    private void rejects(String name, String text, String expected) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        UsageException e = assertThrows(UsageException.class, () -> TemplateLoader.load(f));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void transformKeepsAResourceWhoseTypeIsNotAString() throws Exception {
        // the SAM translator passes such a resource through; CloudFormation (and so check) rejects it
        Path f = dir.resolve("maptype.yaml");
        Files.writeString(f, "Resources:\n  A:\n    Type: {AWS::Serverless::Function: x}\n");
        assertEquals(Map.of("AWS::Serverless::Function", "x"),
                ((Map<?, ?>) ((Map<?, ?>) TemplateLoader.load(f, false).document().get("Resources")).get("A")).get("Type"));
    }

    @Test
    void badInputEndsInOneClearLine() throws Exception {
        rejects("bad.yaml", "Resources:\n  A:\n    Type: [unclosed\n", "bad.yaml:");
        rejects("tag.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !Reff y\n", "unknown tag !Reff");
        rejects("nores.yaml", "Parameters: {}\n", "no Resources section");
        rejects("notype.yaml", "Resources:\n  A:\n    Properties: {}\n", "resource A has no Type");
        rejects("maptype.yaml", "Resources:\n  A:\n    Type: {AWS::SNS::Topic: x}\n", "the Type of resource A must be a string");
        rejects("list.yaml", "- a\n- b\n", "mapping at the top level");
        rejects("empty.yaml", "   \n", "empty");
        rejects("bad.json", "{\"Resources\": {\"A\": }", "invalid JSON");
        rejects("deep.yaml", "Resources:\n  A:\n    Type: T\n    Properties:\n      X: " + "[".repeat(500) + "]".repeat(500) + "\n", "nested too deeply");
        StringBuilder bomb = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c).append(": &").append(c).append(" [*").append((char) (c - 1)).append(",*").append((char) (c - 1))
                    .append(",*").append((char) (c - 1)).append(",*").append((char) (c - 1)).append("]\n");
        }
        rejects("bomb.yaml", bomb + "Resources: {}\n", "bomb.yaml");
        Path binary = dir.resolve("bin.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        UsageException e = assertThrows(UsageException.class, () -> TemplateLoader.load(binary));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        e = assertThrows(UsageException.class, () -> TemplateLoader.load(dir.resolve("missing.yaml")));
        assertTrue(e.getMessage().contains("no such file"));
    }

    @Test
    void everyCloudFormationFunctionHasItsShortForm() throws Exception {
        StringBuilder yaml = new StringBuilder("Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n");
        for (String name : TemplateLoader.FN_TAGS) {
            yaml.append("      ").append(name).append(": !").append(name).append(" [a, 1]\n");
        }
        Map<String, Object> p = props(load("all.yaml", yaml.toString()), "T");
        assertEquals(TemplateLoader.FN_TAGS.size(), p.size());
        for (String name : TemplateLoader.FN_TAGS) {
            assertEquals(Map.of("Fn::" + name, List.of("a", new BigDecimal("1"))), p.get(name), name);
        }
        // the Rules section as CloudFormation documents it, with the short forms that were refused before
        Template t = load("rules.yaml", String.join("\n",
                "Parameters:",
                "  Env: {Type: String}",
                "  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>'}",
                "Rules:",
                "  ProdSubnets:",
                "    RuleCondition: !Equals [!Ref Env, prod]",
                "    Assertions:",
                "      - Assert: !EachMemberEquals [!ValueOfAll ['AWS::EC2::Subnet::Id', Tag:env], prod]",
                "      - Assert: !Contains [[a, b], !ValueOf [Subnets, Tag:tier]]",
                "      - Assert: !EachMemberIn [!RefAll 'AWS::EC2::VPC::Id', [vpc-1]]",
                "      - Assert: !Not [!Condition IsDev]",
                "Resources:",
                "  T: {Type: AWS::SNS::Topic}",
                ""));
        Map<?, ?> rule = (Map<?, ?>) ((Map<?, ?>) t.document().get("Rules")).get("ProdSubnets");
        List<?> assertions = (List<?>) rule.get("Assertions");
        assertEquals(Map.of("Assert", Map.of("Fn::EachMemberEquals", List.of(
                Map.of("Fn::ValueOfAll", List.of("AWS::EC2::Subnet::Id", "Tag:env")), "prod"))), assertions.get(0));
        assertEquals(Map.of("Assert", Map.of("Fn::Contains", List.of(List.of("a", "b"),
                Map.of("Fn::ValueOf", List.of("Subnets", "Tag:tier"))))), assertions.get(1));
        assertEquals(Map.of("Assert", Map.of("Fn::EachMemberIn", List.of(Map.of("Fn::RefAll", "AWS::EC2::VPC::Id"),
                List.of("vpc-1")))), assertions.get(2));
        assertEquals(Map.of("Assert", Map.of("Fn::Not", List.of(Map.of("Condition", "IsDev")))), assertions.get(3));
        assertEquals(List.of(), t.warnings());
    }

    @Test
    void tagsThatAreNotFunctionsAreRefusedWithTheirLine() throws Exception {
        String head = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n";
        rejects("foo.yaml", head + "      X: !Foo y\n", "foo.yaml:5: unknown tag !Foo: Fn::Foo is not a CloudFormation function");
        rejects("fnsub.yaml", head + "      X: !Fn::Sub y\n", "fnsub.yaml:5: unknown tag !Fn::Sub: not a CloudFormation function");
        rejects("local.yaml", head + "      X: !app/secret y\n", "unknown tag !app/secret");
        rejects("global.yaml", head + "      X: !<tag:example.com,2000:app/secret> y\n",
                "global.yaml:5: the tag !<tag:example.com,2000:app/secret> is not a CloudFormation function");
        rejects("python.yaml", head + "      X: !!python/object/apply:os.system [id]\n",
                "python.yaml:5: invalid YAML: Global tag is not allowed: tag:yaml.org,2002:python/object/apply:os.system");
        assertEquals("123", props(load("str.yaml", head + "      X: !!str 123\n"), "A").get("X"));
        rejects("hint.yaml", head + "      X: !Reff y\n", "short forms are !Ref, !Condition, !GetAtt and !Name for Fn::Name: !And, !Base64");
    }

    @Test
    void aRepeatedKeyKeepsItsLastValueWithOneWarningNamingTheKeyAndLine() throws Exception {
        Template t = load("dup.yaml", String.join("\n",
                "Resources:",
                "  Fn:",
                "    Type: AWS::Lambda::Function",
                "    Properties:",
                "      MemorySize: 128",
                "      Timeout: 3",
                "      MemorySize: 1024",
                "  Topic:",
                "    Type: AWS::SNS::Topic",
                "  Topic:",
                "    Type: AWS::SQS::Queue",
                ""));
        assertEquals(new BigDecimal("1024"), props(t, "Fn").get("MemorySize"));
        assertEquals(new BigDecimal("3"), props(t, "Fn").get("Timeout"));
        Map<?, ?> resources = (Map<?, ?>) t.document().get("Resources");
        assertEquals(2, resources.size());
        assertEquals("AWS::SQS::Queue", ((Map<?, ?>) resources.get("Topic")).get("Type"));
        assertEquals(10, t.line("Topic"));
        assertEquals(2, t.warnings().size(), t.warnings().toString());
        assertEquals(dir.resolve("dup.yaml") + ":7: duplicate key 'MemorySize' (also at line 5): CloudFormation uses "
                + "the last value, from line 7", t.warnings().get(0));
        assertTrue(t.warnings().get(1).startsWith(dir.resolve("dup.yaml") + ":10: duplicate key 'Topic' (also at line 8)"),
                t.warnings().get(1));

        Template j = load("dup.json", "{\"Resources\": {\n \"Fn\": {\"Type\": \"AWS::Lambda::Function\",\n"
                + "  \"Properties\": {\"Timeout\": 3,\n   \"Timeout\": 30}}}}\n");
        assertEquals(new BigDecimal("30"), props(j, "Fn").get("Timeout"));
        assertEquals(List.of(dir.resolve("dup.json") + ":4: duplicate key 'Timeout' (also at line 3): CloudFormation "
                + "uses the last value, from line 4"), j.warnings());
    }

    @Test
    void aYamlFileInJsonSyntaxThatIsNotValidJsonIsReadAsYaml() throws Exception {
        String trailingCommas = "{\n  \"Resources\": {\n    \"Fn\": {\n      \"Type\": \"AWS::Lambda::Function\",\n"
                + "      \"Properties\": {\"MemorySize\": 256, \"Handler\": \"index.handler\",},\n    },\n  },\n}\n";
        for (String name : List.of("t.yaml", "t.yml", "T.YAML")) {
            Template t = load(name, trailingCommas);
            assertEquals(new BigDecimal("256"), props(t, "Fn").get("MemorySize"), name);
            assertEquals("index.handler", props(t, "Fn").get("Handler"));
            assertEquals(3, t.line("Fn"));
        }
        rejects("t.json", trailingCommas, "t.json:5: invalid JSON");
        rejects("t.template", trailingCommas, "invalid JSON");
        // valid JSON in a .yaml file is still read as JSON (its numbers, its lines)
        Template t = load("plain.yaml", "{\"Resources\": {\"Fn\": {\"Type\": \"AWS::Lambda::Function\", "
                + "\"Properties\": {\"Timeout\": 1.50}}}}");
        assertEquals("1.50", ((BigDecimal) props(t, "Fn").get("Timeout")).toPlainString());
        // broken in both readings: the YAML reader's message, as the file is YAML
        rejects("broken.yaml", "{\"Resources\": {\"Fn\": [}}", "broken.yaml:1: invalid YAML");
    }

    @Test
    void deepNestingSaysItIsNestedTooDeeply() throws Exception {
        String deepJson = "{\"Resources\": {\"Fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"X\": "
                + "[".repeat(250) + "]".repeat(250) + "}}}}";
        rejects("deep.json", deepJson, "deep.json:1: the template is nested too deeply (more than 120 levels of mappings and lists)");
        rejects("deep.yaml", deepJson, "the template is nested too deeply");
        StringBuilder block = new StringBuilder("Resources:\n");
        for (int i = 0; i < 250; i++) {
            block.append("  ".repeat(i + 1)).append("k").append(i).append(":\n");
        }
        block.append("  ".repeat(251)).append("v\n");
        rejects("block.yaml", block.toString(), "the template is nested too deeply");
    }
}
