package com.lambda.tracing.hook.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaFunctionSchemaTest {
    static final Path FILE = Path.of(System.getProperty("project.basedir", "."), "target-schemas", "aws-lambda-function.json");

    /** The jar carries the repository's schema file itself, not a copy that could drift. */
    @Test
    void theBundledSchemaIsTheRepositoryFile() throws IOException {
        byte[] bundled;
        try (InputStream in = LambdaFunctionSchema.class.getResourceAsStream(LambdaFunctionSchema.RESOURCE)) {
            bundled = in.readAllBytes();
        }
        assertEquals(Files.readString(FILE, StandardCharsets.UTF_8), new String(bundled, StandardCharsets.UTF_8));
    }

    @Test
    void readsTypesAtEveryDepthThroughDefinitionsAndListElements() {
        Map<String, String> types = LambdaFunctionSchema.bundled().types();
        assertEquals("integer", types.get("MemorySize"));
        assertEquals("object", types.get("VpcConfig"));
        assertEquals("boolean", types.get("VpcConfig.Ipv6AllowedForDualStack"));
        assertEquals("array", types.get("VpcConfig.SubnetIds"));
        assertEquals("string", types.get("VpcConfig.SubnetIds.*"));
        assertEquals("string", types.get("Tags.*.Key"));
        assertEquals("number", types.get(
                "CapacityProviderConfig.LambdaManagedInstancesCapacityProviderConfig.ExecutionEnvironmentMemoryGiBPerVCpu"));
        assertEquals(List.of("Code", "Role"), LambdaFunctionSchema.bundled().required());
    }

    @Test
    void aReferenceCycleIsReportedNotFollowedForever() {
        String cyclic = "{\"definitions\":{\"Node\":{\"type\":\"object\",\"properties\":{\"Next\":{\"$ref\":\"#/definitions/Node\"}}}},"
                + "\"properties\":{\"Head\":{\"$ref\":\"#/definitions/Node\"}}}";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LambdaFunctionSchema.parse(
                new ByteArrayInputStream(cyclic.getBytes(StandardCharsets.UTF_8))));
        assertEquals(true, e.getMessage().contains("$ref cycle"), e.getMessage());
    }
}
