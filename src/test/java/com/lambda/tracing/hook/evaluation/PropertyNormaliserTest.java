package com.lambda.tracing.hook.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyNormaliserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> read(String json) throws Exception {
        return JSON.readValue(json, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
        });
    }

    @Test
    void retypesIntegerAndBooleanPropertiesFromStrings() throws Exception {
        Map<String, Object> properties = read("""
                {"MemorySize":"256","Timeout":"30","ReservedConcurrentExecutions":"5",
                 "EphemeralStorage":{"Size":"1024"},
                 "VpcConfig":{"SubnetIds":["subnet-1"],"SecurityGroupIds":["sg-1"],"Ipv6AllowedForDualStack":"true"},
                 "FunctionScalingConfig":{"MinExecutionEnvironments":"1"},
                 "Runtime":"nodejs20.x"}""");

        JsonNode json = JSON.readTree(PropertyNormaliser.normalise(properties).json());

        assertTrue(json.path("MemorySize").isIntegralNumber());
        assertEquals(256, json.path("MemorySize").asInt());
        assertTrue(json.path("Timeout").isIntegralNumber());
        assertTrue(json.path("ReservedConcurrentExecutions").isIntegralNumber());
        assertTrue(json.path("EphemeralStorage").path("Size").isIntegralNumber());
        assertTrue(json.path("VpcConfig").path("Ipv6AllowedForDualStack").isBoolean());
        assertTrue(json.path("VpcConfig").path("Ipv6AllowedForDualStack").asBoolean());
        assertTrue(json.path("FunctionScalingConfig").path("MinExecutionEnvironments").isIntegralNumber());
        assertEquals("subnet-1", json.path("VpcConfig").path("SubnetIds").get(0).asText());
        assertEquals("nodejs20.x", json.path("Runtime").asText());
    }

    @Test
    void stringPropertiesStayStringsAndNothingIsDropped() throws Exception {
        Map<String, Object> properties = read("""
                {"Environment":{"Variables":{"PORT":"8080","DEBUG":"true"}},
                 "Tags":[{"Key":"cost","Value":"42"}],
                 "Description":"256",
                 "Unknown":{"Nested":"1"},
                 "Layers":["arn:aws:lambda:us-east-1:1:layer:x:1"]}""");

        PropertyNormaliser.Normalised normalised = PropertyNormaliser.normalise(properties);
        JsonNode json = JSON.readTree(normalised.json());

        assertTrue(json.path("Environment").path("Variables").path("PORT").isTextual());
        assertTrue(json.path("Environment").path("Variables").path("DEBUG").isTextual());
        assertTrue(json.path("Tags").get(0).path("Value").isTextual());
        assertTrue(json.path("Description").isTextual());
        assertEquals("1", json.path("Unknown").path("Nested").asText());
        assertEquals(properties.keySet(), normalised.properties().keySet());
        assertFalse(normalised.codeShortened());
    }

    @Test
    void valuesThatDoNotParseAreKeptForConfigToReport() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("MemorySize", "lots");
        properties.put("Timeout", 30);
        properties.put("VpcConfig", Map.of("Ipv6AllowedForDualStack", "maybe"));

        Map<String, Object> typed = PropertyNormaliser.normalise(properties).properties();

        assertEquals("lots", typed.get("MemorySize"));
        assertEquals(30, typed.get("Timeout"));
        assertEquals("maybe", ((Map<?, ?>) typed.get("VpcConfig")).get("Ipv6AllowedForDualStack"));
    }

    @Test
    void keyOrderIsPreservedSoTheRequestIsStable() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Timeout", "3");
        properties.put("Code", Map.of("ZipFile", "x"));
        properties.put("Architectures", List.of("arm64"));

        String first = PropertyNormaliser.normalise(properties).json();
        String second = PropertyNormaliser.normalise(properties).json();

        assertEquals(first, second);
        assertTrue(first.startsWith("{\"Timeout\":3,\"Code\""), first);
    }

    @Test
    void largeInlineCodeIsShortenedToFit() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Code", new LinkedHashMap<>(Map.of("ZipFile", "y".repeat(80_000))));
        properties.put("Runtime", "python3.12");

        PropertyNormaliser.Normalised normalised = PropertyNormaliser.normalise(properties);

        assertTrue(normalised.fits());
        assertTrue(normalised.codeShortened());
        assertTrue(normalised.json().length() <= PropertyNormaliser.MAX_CONFIGURATION_CHARS);
        assertTrue(normalised.json().contains("inline code of 80000 characters"));
        assertTrue(normalised.originalLength() > 80_000);
    }

    @Test
    void tooLargeWithoutInlineCodeDoesNotFit() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Description", "z".repeat(60_000));

        PropertyNormaliser.Normalised normalised = PropertyNormaliser.normalise(properties);

        assertFalse(normalised.fits());
    }
}
