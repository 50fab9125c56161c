package com.lambda.tracing.hook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list-of-strings members (ComplianceTypes, ConfigRuleNames, Scope.ComplianceResourceTypes) as Coral checks them. */
class ValidatorTest {
    @Test
    void everyElementOutsideItsLengthIsOneViolationAtTheListsPath() {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.putArray("ConfigRuleNames").add("").add("ok").add("x".repeat(129));
        Validator v = new Validator();

        assertEquals(List.of("", "ok", "x".repeat(129)), v.stringsOfLength(in, "ConfigRuleNames", "configRuleNames", 25, 1, 128));
        ApiException e = assertThrows(ApiException.class, v::finish);

        String constraint = "failed to satisfy constraint: Member must satisfy constraint: [Member must have length less "
                + "than or equal to 128, Member must have length greater than or equal to 1]";
        assertEquals("ValidationException", e.type());
        assertEquals("2 validation errors detected: Value '' at 'configRuleNames' " + constraint + "; Value '"
                + "x".repeat(129) + "' at 'configRuleNames' " + constraint, e.getMessage());
    }

    @Test
    void anElementOutsideTheAllowedSetIsAViolationAndANonStringASerializationError() {
        ObjectNode in = Json.MAPPER.createObjectNode();
        in.putArray("ComplianceTypes").add("COMPLIANT").add("BOGUS");
        Validator v = new Validator();

        v.strings(in, "ComplianceTypes", "complianceTypes", 3, List.of("COMPLIANT")::contains,
                "Member must satisfy enum value set: [COMPLIANT]");
        assertEquals("1 validation error detected: Value 'BOGUS' at 'complianceTypes' failed to satisfy constraint: "
                + "Member must satisfy constraint: [Member must satisfy enum value set: [COMPLIANT]]",
                assertThrows(ApiException.class, v::finish).getMessage());

        in.putArray("ComplianceTypes").add(1);
        ApiException e = assertThrows(ApiException.class, () -> new Validator().strings(in, "ComplianceTypes",
                "complianceTypes", 3, s -> true, "any"));
        assertEquals("SerializationException", e.type());
        assertEquals("Expected a string in complianceTypes", e.getMessage());
        assertEquals(List.of(), new Validator().stringsOfLength(Json.MAPPER.createObjectNode(), "ConfigRuleNames",
                "configRuleNames", 25, 1, 128));
    }
}
