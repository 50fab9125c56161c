package com.lambda.tracing.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lambda.tracing.hook.evaluation.RuleExemption;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Exemptions list of the type configuration: what is accepted, and how a bad entry is reported. */
class ExemptionSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID = """
            {"Rule":"lambda-dlq-configured","Reason":"uses an on-failure destination","ApprovedBy":"platform","Expires":"2026-12-31"}""";

    private static TypeConfigurationModel model(String exemptionsJson) throws Exception {
        return JSON.readValue("{\"Exemptions\":" + exemptionsJson + "}", TypeConfigurationModel.class);
    }

    @Test
    void fullEntryIsReadAndStacksAndLogicalIdsDefaultToAll() throws Exception {
        List<RuleExemption> exemptions = HookSettings.from(model("[" + VALID + ", "
                + "{\"Rule\":\"lambda-inside-vpc\",\"Stacks\":[\"orders-*\",\"billing\"],\"LogicalIds\":[\"Edge?\"],"
                + "\"Reason\":\" public edge function \",\"ApprovedBy\":\"sec@example.com\",\"Expires\":\"2027-01-15\"}]")).exemptions();

        assertEquals(2, exemptions.size());
        assertEquals(new RuleExemption("lambda-dlq-configured", List.of("*"), List.of("*"), "uses an on-failure destination",
                "platform", LocalDate.parse("2026-12-31")), exemptions.get(0));
        assertEquals(List.of("orders-*", "billing"), exemptions.get(1).stacks());
        assertEquals(List.of("Edge?"), exemptions.get(1).logicalIds());
        assertEquals("public edge function", exemptions.get(1).reason());
    }

    @Test
    void noExemptionsMeansNone() throws Exception {
        assertEquals(List.of(), HookSettings.from(new TypeConfigurationModel()).exemptions());
        assertEquals(List.of(), HookSettings.from(model("[]")).exemptions());
    }

    @Test
    void stringifiedListIsAccepted() throws Exception {
        TypeConfigurationModel model = new TypeConfigurationModel().setExemptions("[" + VALID + "]");

        assertEquals("lambda-dlq-configured", HookSettings.from(model).exemptions().get(0).rule());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "{\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\"}|Exemptions[1].Rule is required|missing Rule",
        "{\"Rule\":\"x\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\"}|Exemptions[1].Reason is required|missing Reason",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"Expires\":\"2026-12-31\"}|Exemptions[1].ApprovedBy is required|missing ApprovedBy",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\"}|Exemptions[1].Expires is required|missing Expires",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-13-01\"}|Exemptions[1].Expires must be a calendar date YYYY-MM-DD|month 13",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-02-30\"}|Exemptions[1].Expires must be a calendar date|February 30",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"31/12/2026\"}|Exemptions[1].Expires must be a calendar date|day first",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":20261231}|Exemptions[1].Expires must be a calendar date|a number",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\",\"Logicalids\":[\"Fn\"]}|Exemptions[1].Logicalids is not a member of an exemption|unknown member (a typo)",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\",\"Stacks\":[\"my_stack\"]}|Exemptions[1].Stacks[0] 'my_stack' can never match a stack name|stack glob with _",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\",\"LogicalIds\":[\"Fn\",\"My-Fn\"]}|Exemptions[1].LogicalIds[1] 'My-Fn' can never match a logical id|logical id glob with -",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\",\"Stacks\":[]}|Exemptions[1].Stacks is empty|empty Stacks",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\",\"Stacks\":\"orders-*\"}|Exemptions[1].Stacks must be a list|Stacks not a list",
        "{\"Rule\":\"x\",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\",\"LogicalIds\":[7]}|Exemptions[1].LogicalIds[0] must be a string glob|glob not a string",
        "{\"Rule\":\" \",\"Reason\":\"r\",\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\"}|Exemptions[1].Rule must be an AWS Config rule name|blank Rule",
        "{\"Rule\":\"x\",\"Reason\":[\"r\"],\"ApprovedBy\":\"a\",\"Expires\":\"2026-12-31\"}|Exemptions[1].Reason must be why the rule is waived|Reason not a string",
        "\"lambda-dlq-configured\"|Exemptions[1] must be an object|entry not an object"
    })
    void invalidEntryNamesItsIndexAndField(String entry, String expected, String name) throws Exception {
        TypeConfigurationModel model = model("[" + VALID + ", " + entry + "]");

        HookSettings.InvalidSetting e = assertThrows(HookSettings.InvalidSetting.class, () -> HookSettings.from(model));

        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void moreThanAHundredEntriesAreRefused() throws Exception {
        TypeConfigurationModel model = model("[" + (VALID + ",").repeat(100) + VALID + "]");

        HookSettings.InvalidSetting e = assertThrows(HookSettings.InvalidSetting.class, () -> HookSettings.from(model));

        assertEquals("Exemptions holds 101 entries; at most 100 are allowed", e.getMessage());
    }

    @Test
    void exemptionsThatAreNoListAreRefused() {
        HookSettings.InvalidSetting e = assertThrows(HookSettings.InvalidSetting.class,
                () -> HookSettings.from(new TypeConfigurationModel().setExemptions("lambda-dlq-configured")));

        assertTrue(e.getMessage().startsWith("Exemptions must be a list of exemptions"), e.getMessage());
    }
}
