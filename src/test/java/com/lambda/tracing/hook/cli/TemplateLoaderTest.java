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
    void badInputEndsInOneClearLine() throws Exception {
        rejects("bad.yaml", "Resources:\n  A:\n    Type: [unclosed\n", "bad.yaml:");
        rejects("tag.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !Reff y\n", "unknown tag !Reff");
        rejects("dup.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SNS::Topic\n", "invalid YAML");
        rejects("nores.yaml", "Parameters: {}\n", "no Resources section");
        rejects("notype.yaml", "Resources:\n  A:\n    Properties: {}\n", "resource A has no Type");
        rejects("list.yaml", "- a\n- b\n", "mapping at the top level");
        rejects("empty.yaml", "   \n", "empty");
        rejects("bad.json", "{\"Resources\": {\"A\": }", "invalid JSON");
        rejects("dup.json", "{\"Resources\": {}, \"Resources\": {}}", "invalid JSON");
        rejects("deep.yaml", "Resources:\n  A:\n    Type: T\n    Properties:\n      X: " + "[".repeat(500) + "]".repeat(500) + "\n", "Nesting Depth exceeded");
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
}
