package com.lambda.tracing.hook.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleHeaderTest {
    static final String HEADER = """
            # rule: lambda-x
            # title: A title
            # severity: high
            # rationale: first line
            #   continued here
            # fix: Do it.
            # link: https://docs.aws.amazon.com/x
            # parameter: maxTimeout = 300 | Largest Timeout | 3,300 , 900
            # parameter: accounts = 111122223333,444455556666 | Accounts
            # parameter: empty =  | Nothing by default
            #
            # Notes: free text with a colon is not a field
            #   parameter: inside a note is not a parameter either

            rule lambda_x when resourceType == "AWS::Lambda::Function" { configuration.x exists }
            """;

    @Test
    void readsFieldsContinuationsAndParameters() {
        RuleDefinition rule = RuleCatalog.parse("x.guard", HEADER);
        assertEquals("lambda-x", rule.name());
        assertEquals(Severity.HIGH, rule.severity());
        assertEquals("first line continued here", rule.rationale());
        assertEquals(3, rule.parameters().size());
        RuleParameter max = rule.parameters().get(0);
        assertEquals(new RuleParameter("maxTimeout", "300", "Largest Timeout", List.of("3", "300", "900")), max);
        assertEquals(new RuleParameter("accounts", "111122223333,444455556666", "Accounts"), rule.parameters().get(1));
        assertEquals("", rule.defaultParameters().get("empty"));
        assertEquals(HEADER, rule.policyText());
    }

    @Test
    void rejectsADefaultOutsideTheAllowedValues() {
        String text = HEADER.replace("3,300 , 900", "3,900");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleCatalog.parse("x.guard", text));
        assertTrue(e.getMessage().contains("maxTimeout"), e.getMessage());
    }

    @Test
    void rejectsAMissingField() {
        String text = HEADER.replace("# fix: Do it.\n", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleCatalog.parse("x.guard", text));
        assertTrue(e.getMessage().contains("'fix'"), e.getMessage());
    }

    @Test
    void findsConformancePackRuleNames() {
        RuleCatalog catalog = RuleCatalog.load(RulePackTest.RULES);
        assertEquals("lambda-settings", catalog.find("lambda-settings").orElseThrow().name());
        assertEquals("lambda-settings", catalog.find("lambda-settings-conformance-pack-a1b2c3d4").orElseThrow().name());
        assertTrue(catalog.find("lambda-settingsx").isEmpty());
        assertTrue(catalog.find(null).isEmpty());
    }

    @Test
    void everyRuleFileParses() {
        RuleCatalog catalog = RuleCatalog.load(Path.of(RulePackTest.RULES.toString()));
        assertTrue(catalog.all().size() >= 11);
        for (RuleDefinition rule : catalog.all()) {
            assertTrue(!rule.fix().isBlank() && !rule.rationale().isBlank(), rule.name());
        }
    }
}
