package com.lambda.tracing.hook.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * rules/conformance-pack.yaml and the README rule table are generated from the rule headers; these tests fail when
 * either is stale. {@code mvn test -Dtest=ConformancePackTest -Dregenerate=true} rewrites both.
 */
class ConformancePackTest {
    static final Path PACK = RulePackTest.ROOT.resolve(ConformancePackGenerator.PACK_FILE);
    static final Path README = RulePackTest.ROOT.resolve(ConformancePackGenerator.README_FILE);
    static final String HOW = "\nRegenerate with: " + ConformancePackGenerator.REGENERATE_COMMAND
            + "\n  or: mvn test -Dtest=ConformancePackTest -Dregenerate=true";

    final RuleCatalog catalog = RuleCatalog.load(RulePackTest.RULES);

    @Test
    void conformancePackIsUpToDate() throws IOException {
        String expected = ConformancePackGenerator.conformancePack(catalog);
        if (Boolean.getBoolean("regenerate")) {
            Files.writeString(PACK, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(PACK) ? Files.readString(PACK, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            fail(PACK + " is out of date with rules/*.guard." + HOW);
        }
    }

    @Test
    void readmeRuleTableIsUpToDate() throws IOException {
        String current = Files.readString(README, StandardCharsets.UTF_8);
        String expected = ConformancePackGenerator.withRuleTable(current, catalog);
        if (Boolean.getBoolean("regenerate")) {
            Files.writeString(README, expected, StandardCharsets.UTF_8);
            current = expected;
        }
        if (!expected.equals(current)) {
            fail("The rule table in README.md is out of date with rules/*.guard." + HOW);
        }
    }

    @Test
    void everyRuleRoundTripsThroughTheYaml() throws IOException {
        JsonNode pack = new YAMLMapper().readTree(ConformancePackGenerator.conformancePack(catalog));
        JsonNode resources = pack.path("Resources");
        assertEquals(catalog.all().size(), resources.size(), "one ConfigRule per rule file");
        for (RuleDefinition rule : catalog.all()) {
            JsonNode r = resources.path(ConformancePackGenerator.logicalId(rule.name()));
            assertEquals("AWS::Config::ConfigRule", r.path("Type").asText(), rule.name());
            JsonNode p = r.path("Properties");
            assertEquals(rule.name(), p.path("ConfigRuleName").asText());
            assertTrue(p.path("Description").asText().length() <= 256, rule.name() + ": Description over 256 characters");
            assertEquals(List.of("AWS::Lambda::Function"), texts(p.path("Scope").path("ComplianceResourceTypes")));
            List<String> modes = new ArrayList<>();
            p.path("EvaluationModes").forEach(m -> modes.add(m.path("Mode").asText()));
            assertEquals(List.of("DETECTIVE", "PROACTIVE"), modes);
            assertEquals("CUSTOM_POLICY", p.path("Source").path("Owner").asText());
            JsonNode details = p.path("Source").path("CustomPolicyDetails");
            assertEquals("guard-2.x.x", details.path("PolicyRuntime").asText());
            assertEquals(rule.policyText(), details.path("PolicyText").asText(),
                    rule.name() + ": the policy text does not survive the YAML round trip");
            JsonNode inputs = p.path("InputParameters");
            assertEquals(rule.parameters().size(), inputs.size(), rule.name() + ": InputParameters");
            for (RuleParameter param : rule.parameters()) {
                String templateName = inputs.path(param.name()).path("Ref").asText();
                assertEquals(ConformancePackGenerator.templateParameterName(rule, param), templateName);
                JsonNode declared = pack.path("Parameters").path(templateName);
                assertEquals("String", declared.path("Type").asText());
                assertEquals(param.defaultValue(), declared.path("Default").asText(), templateName + " default");
                assertEquals(param.allowedValues(), texts(declared.path("AllowedValues")), templateName + " AllowedValues");
            }
        }
    }

    @Test
    void literalBlocksKeepAwkwardTextExactly() throws IOException {
        for (String text : List.of("a\n", "a", "a\n\n\n", "  indented first\nline\n", "x\n\n  y\n   \n\tz\n", "\nleading blank\n")) {
            StringBuilder y = new StringBuilder("k:\n  v: ");
            ConformancePackGenerator.literalBlock(y, text, 4);
            JsonNode parsed = new YAMLMapper().readTree(y.toString());
            assertEquals(text, parsed.path("k").path("v").asText(), "round trip of " + text.replace("\n", "\\n"));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            out.add(it.next().asText());
        }
        return out;
    }
}
