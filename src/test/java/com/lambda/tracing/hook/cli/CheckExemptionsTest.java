package com.lambda.tracing.hook.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemptions through {@code check} end to end: the real HookHandlerWrapper, the embedded Config endpoint and the
 * real cfn-guard with the real rules/. The template is the compliant example without its dead-letter queue (so only
 * lambda-dlq-configured fails), optionally also without active tracing.
 */
class CheckExemptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REASON = "Failed events go to an on-failure destination; ticket OPS-1432";
    private static String compliant;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() throws Exception {
        CheckCommandTest.setUp();
        Path root = Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();
        compliant = Files.readString(root.resolve("examples/compliant-function.yaml"), StandardCharsets.UTF_8);
    }

    /** orders.yaml (stack "orders" by default): fails lambda-dlq-configured, and lambda-tracing-active if asked. */
    private String template(boolean tracingToo) throws Exception {
        String text = compliant.replace("      DeadLetterConfig:\n        TargetArn: !GetAtt DeadLetterQueue.Arn\n", "");
        assertFalse(text.equals(compliant), "the example still has its DeadLetterConfig block");
        if (tracingToo) {
            text = text.replace("        Mode: Active\n", "        Mode: PassThrough\n");
        }
        Path file = tmp.resolve("orders.yaml");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toString();
    }

    private String configuration(String extra, String... exemptions) throws Exception {
        Path file = tmp.resolve("type-configuration.json");
        Files.writeString(file, "{" + extra + "\"Exemptions\":[" + String.join(",", exemptions) + "]}", StandardCharsets.UTF_8);
        return file.toString();
    }

    private static String exemption(String rule, String stacks, String logicalIds, String expires) {
        return "{\"Rule\":\"" + rule + "\",\"Stacks\":" + stacks + ",\"LogicalIds\":" + logicalIds + ",\"Reason\":\""
                + REASON + "\",\"ApprovedBy\":\"platform-team@example.com\",\"Expires\":\"" + expires + "\"}";
    }

    private static JsonNode function(CheckCommandTest.Run run) throws Exception {
        return JSON.readTree(run.out()).at("/templates/0/functions/0");
    }

    @Test
    void exemptedOnlyFailurePassesAndIsShownInTextJsonAndSarif() throws Exception {
        String template = template(false);
        String config = configuration("", exemption("lambda-dlq-configured", "[\"ord*\"]", "[\"Orders*\"]", "2099-12-31"));

        CheckCommandTest.Run text = CheckCommandTest.check("--no-color", "--type-configuration", config, template);
        assertEquals(0, text.code(), text.out() + text.err());
        assertTrue(text.out().contains("PASS     OrdersFunction"), text.out());
        assertTrue(text.out().contains("~ lambda-dlq-configured [MEDIUM]: Exempted until the end of 2099-12-31 (UTC), "
                + "approved by platform-team@example.com: " + REASON + ". Waived result: "), text.out());
        assertTrue(text.out().contains("1 function: 1 compliant, 0 non-compliant, 0 indeterminate, 0 not evaluated; 1 rule exempted"),
                text.out());

        CheckCommandTest.Run json = CheckCommandTest.check("--format", "json", "--type-configuration", config, template);
        assertEquals(0, json.code(), json.err());
        JsonNode fn = function(json);
        assertEquals("COMPLIANT", fn.path("verdict").asText());
        assertEquals("[\"lambda-dlq-configured\"]", fn.path("exempted").toString());
        assertTrue(fn.path("message").asText().contains("is allowed by 1 exemption of the type configuration"), fn.toString());
        assertTrue(fn.path("message").asText().contains("- lambda-dlq-configured: exempted until the end of 2099-12-31 (UTC)"),
                fn.toString());
        JsonNode exempted = null;
        for (JsonNode a : fn.path("annotations")) {
            if (a.path("annotationName").asText().equals("lambda-dlq-configured")) {
                exempted = a;
            }
        }
        assertEquals("SKIPPED", exempted.path("status").asText());
        assertEquals(REASON, exempted.at("/exemption/reason").asText());
        assertEquals("platform-team@example.com", exempted.at("/exemption/approvedBy").asText());
        assertEquals("2099-12-31", exempted.at("/exemption/expires").asText());
        assertEquals(1, JSON.readTree(json.out()).at("/summary/exemptedRules").asInt());

        CheckCommandTest.Run sarif = CheckCommandTest.check("--format", "sarif", "--type-configuration", config, template);
        assertEquals(0, sarif.code(), sarif.err());
        JsonNode results = JSON.readTree(sarif.out()).at("/runs/0/results");
        assertEquals(1, results.size(), results.toString());
        JsonNode result = results.get(0);
        assertEquals("lambda-dlq-configured", result.path("ruleId").asText());
        assertEquals("external", result.at("/suppressions/0/kind").asText());
        assertEquals(REASON, result.at("/suppressions/0/justification").asText());
        assertEquals("2099-12-31", result.at("/properties/expires").asText());

        CheckCommandTest.Run junit = CheckCommandTest.check("--format", "junit", "--type-configuration", config, template);
        assertEquals(0, junit.code(), junit.err());
        assertTrue(junit.out().contains("<system-out>exempted lambda-dlq-configured: Exempted until the end of 2099-12-31"),
                junit.out());
        assertFalse(junit.out().contains("<failure"), junit.out());
    }

    @Test
    void oneExemptedOfTwoFailuresStillBlocksAndNamesOnlyTheOther() throws Exception {
        String config = configuration("", exemption("lambda-dlq-configured", "[\"*\"]", "[\"*\"]", "2099-12-31"));

        CheckCommandTest.Run run = CheckCommandTest.check("--format", "json", "--type-configuration", config, template(true));

        assertEquals(1, run.code(), run.err());
        JsonNode fn = function(run);
        assertEquals("NON_COMPLIANT", fn.path("verdict").asText());
        String message = fn.path("message").asText();
        assertTrue(message.contains("breaks 1 of 11 AWS Config rules (1 more is exempted by the type configuration):"), message);
        assertTrue(message.contains("lambda-tracing-active"), message);
        assertFalse(message.contains("lambda-dlq-configured"), message);
        assertEquals("[\"lambda-dlq-configured\"]", fn.path("exempted").toString());

        CheckCommandTest.Run text = CheckCommandTest.check("--no-color", "--type-configuration", config, template(true));
        assertTrue(text.out().contains("x lambda-tracing-active"), text.out());
        assertFalse(text.out().contains("x lambda-dlq-configured"), text.out());
        assertTrue(text.out().contains("~ lambda-dlq-configured"), text.out());
    }

    @Test
    void expiredExemptionBlocksAndSaysWhenItExpired() throws Exception {
        String config = configuration("", exemption("lambda-dlq-configured", "[\"*\"]", "[\"*\"]", "2020-01-31"));

        CheckCommandTest.Run run = CheckCommandTest.check("--format", "json", "--type-configuration", config, template(false));

        assertEquals(1, run.code(), run.err());
        JsonNode fn = function(run);
        assertEquals("NON_COMPLIANT", fn.path("verdict").asText());
        assertTrue(fn.path("message").asText().contains("lambda-dlq-configured: The exemption approved by "
                + "platform-team@example.com expired at the end of 2020-01-31 (UTC)."), fn.path("message").asText());
        assertEquals(0, fn.path("exempted").size());
    }

    @Test
    void stackNamePatternsMatchTheStackNameGivenWithStackName() throws Exception {
        String template = template(false);
        String soon = LocalDate.now(ZoneOffset.UTC).plusDays(3).toString();
        String config = configuration("", exemption("lambda-dlq-configured", "[\"orders-*\"]", "[\"OrdersFunction\"]", soon));

        CheckCommandTest.Run byFileName = CheckCommandTest.check("--quiet", "--type-configuration", config, template);
        assertEquals(1, byFileName.code(), "stack 'orders' (the file's name) does not match orders-*: " + byFileName.out());

        CheckCommandTest.Run other = CheckCommandTest.check("--stack-name", "billing-prod", "--type-configuration", config, template);
        assertEquals(1, other.code(), other.out());

        CheckCommandTest.Run matching = CheckCommandTest.check("--stack-name", "orders-prod", "--type-configuration", config, template);
        assertEquals(0, matching.code(), matching.out());
        assertTrue(matching.out().contains("~ lambda-dlq-configured"), matching.out());
        assertTrue(matching.out().contains("EXPIRING in 3 days: renew the exemption or fix the function"), matching.out());
    }

    @Test
    void exemptionNeverRescuesAnIndeterminateResult() throws Exception {
        String config = configuration("\"RequiredRules\":[\"org-encryption-baseline\"],",
                exemption("lambda-dlq-configured", "[\"*\"]", "[\"*\"]", "2099-12-31"),
                exemption("org-encryption-baseline", "[\"*\"]", "[\"*\"]", "2099-12-31"));

        CheckCommandTest.Run run = CheckCommandTest.check("--format", "json", "--type-configuration", config, template(false));

        assertEquals(1, run.code(), run.err());
        JsonNode fn = function(run);
        assertTrue(fn.path("blocked").asBoolean(), fn.toString());
        assertEquals("FAILED", fn.path("hookStatus").asText());
        assertEquals("INDETERMINATE", fn.path("verdict").asText(), "a missing required rule is no rule failure");
        assertTrue(fn.path("message").asText().contains("is blocked because its compliance could not be established: "
                + "a required AWS Config rule did not report a result (no result from org-encryption-baseline)"),
                fn.path("message").asText());
    }

    @Test
    void invalidEntryFailsEveryFunctionNamingIndexAndField() throws Exception {
        String config = configuration("", exemption("lambda-dlq-configured", "[\"*\"]", "[\"*\"]", "2099-12-31"),
                exemption("lambda-dlq-configured", "[\"orders_prod\"]", "[\"*\"]", "2099-12-31"));

        CheckCommandTest.Run run = CheckCommandTest.check("--format", "json", "--type-configuration", config, template(false));

        assertEquals(1, run.code(), run.err());
        JsonNode fn = function(run);
        assertEquals("INDETERMINATE", fn.path("verdict").asText());
        assertEquals("InvalidTypeConfiguration", fn.path("errorCode").asText());
        assertTrue(fn.path("message").asText().contains("Exemptions[1].Stacks[0] 'orders_prod' can never match a stack name"),
                fn.path("message").asText());
    }

    @Test
    void anInvalidStackNameIsAUsageError() throws Exception {
        CheckCommandTest.Run run = CheckCommandTest.check("--stack-name", "orders_prod", template(false));

        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().contains("--stack-name: 'orders_prod' is not a stack name"), run.err());
    }
}
