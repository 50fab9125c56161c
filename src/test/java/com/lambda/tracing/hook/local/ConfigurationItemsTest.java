package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CloudFormation → configuration-item table of doc/configuration-item-mapping.md, row by row. */
class ConfigurationItemsTest {

    private static final String PROPS = "{\"FunctionName\":\"orders\",\"Runtime\":\"python3.13\",\"Role\":\"arn:r\",\"Handler\":\"h\","
            + "\"Description\":\"d\",\"Timeout\":30,\"MemorySize\":512,\"TracingConfig\":{\"Mode\":\"Active\"},"
            + "\"VpcConfig\":{\"SubnetIds\":[\"subnet-1\"],\"SecurityGroupIds\":[\"sg-1\"],\"Ipv6AllowedForDualStack\":true},"
            + "\"DeadLetterConfig\":{\"TargetArn\":\"arn:q\"},\"KmsKeyArn\":\"arn:k\","
            + "\"Environment\":{\"Variables\":{\"A\":\"1\"}},\"Layers\":[\"arn:l1\",\"arn:l2\"],"
            + "\"Architectures\":[\"arm64\"],\"PackageType\":\"Zip\",\"EphemeralStorage\":{\"Size\":1024},"
            + "\"FileSystemConfigs\":[{\"Arn\":\"arn:fs\",\"LocalMountPath\":\"/mnt/x\"}],"
            + "\"ImageConfig\":{\"EntryPoint\":[\"e\"],\"Command\":[\"c\"],\"WorkingDirectory\":\"/w\"},"
            + "\"LoggingConfig\":{\"LogFormat\":\"JSON\",\"ApplicationLogLevel\":\"INFO\",\"SystemLogLevel\":\"WARN\",\"LogGroup\":\"g\"},"
            + "\"CodeSigningConfigArn\":\"arn:csc\",\"SnapStart\":{\"ApplyOn\":\"PublishedVersions\"},"
            + "\"ReservedConcurrentExecutions\":7,\"Tags\":[{\"Key\":\"team\",\"Value\":\"payments\"}],"
            + "\"Code\":{\"ZipFile\":\"secret code\"}}";

    private static JsonNode item() throws Exception {
        return ConfigurationItems.translate("AWS::Lambda::Function", "Orders", Json.MAPPER.readTree(PROPS));
    }

    /** Each row of the table: where a property lands in the configuration item, as text. */
    @ParameterizedTest
    @CsvSource(delimiter = '=', value = {
            "/resourceType = AWS::Lambda::Function",
            "/resourceId = Orders",
            "/resourceName = orders",
            "/configuration/functionName = orders",
            "/configuration/runtime = python3.13",
            "/configuration/role = arn:r",
            "/configuration/handler = h",
            "/configuration/description = d",
            "/configuration/memorySize = 512",
            "/configuration/tracingConfig/mode = Active",
            "/configuration/vpcConfig/subnetIds/0 = subnet-1",
            "/configuration/vpcConfig/securityGroupIds/0 = sg-1",
            "/configuration/deadLetterConfig/targetArn = arn:q",
            "/configuration/kmskeyArn = arn:k",
            "/configuration/environment/variables/A = 1",
            "/configuration/layers/1/arn = arn:l2",
            "/configuration/architectures/0 = arm64",
            "/configuration/packageType = Zip",
            "/configuration/ephemeralStorage/size = 1024",
            "/configuration/fileSystemConfigs/0/arn = arn:fs",
            "/configuration/fileSystemConfigs/0/localMountPath = /mnt/x",
            "/configuration/imageConfigResponse/imageConfig/entryPoint/0 = e",
            "/configuration/imageConfigResponse/imageConfig/command/0 = c",
            "/configuration/imageConfigResponse/imageConfig/workingDirectory = /w",
            "/configuration/loggingConfig/logFormat = JSON",
            "/configuration/loggingConfig/applicationLogLevel = INFO",
            "/configuration/loggingConfig/systemLogLevel = WARN",
            "/configuration/loggingConfig/logGroup = g",
            "/configuration/codeSigningConfigArn = arn:csc",
            "/configuration/snapStart/applyOn = PublishedVersions",
            "/supplementaryConfiguration/Concurrency/reservedConcurrentExecutions = 7",
            "/tags/team = payments"})
    void everyRowOfTheTableLandsWhereDesignSays(String pointer, String expected) throws Exception {
        assertEquals(expected, item().at(pointer).asText(), pointer);
    }

    @Test
    void numbersAndBooleansStayTypedKmskeyArnIsSpelledAsConfigDoesAndCodeIsLeftOut() throws Exception {
        JsonNode ci = item();
        JsonNode c = ci.get("configuration");
        assertTrue(c.get("timeout").isInt());
        assertEquals(512, c.get("memorySize").intValue());
        assertEquals(1024, c.at("/ephemeralStorage/size").intValue());
        assertEquals(7, ci.at("/supplementaryConfiguration/Concurrency/reservedConcurrentExecutions").intValue());
        assertTrue(c.at("/vpcConfig/ipv6AllowedForDualStack").booleanValue());
        assertFalse(c.has("kmsKeyArn"));
        assertFalse(ci.toString().contains("secret code"), "Code is not mapped");
        assertFalse(ci.toString().contains("ZipFile"));
    }

    @Test
    void absentPropertiesStayAbsentAndNameFallsBackToTheResourceId() throws Exception {
        JsonNode ci = ConfigurationItems.translate("AWS::Lambda::Function", "Bare",
                Json.MAPPER.readTree("{\"Role\":\"r\",\"Code\":{}}"));
        assertEquals("Bare", ci.get("resourceName").asText());
        assertFalse(ci.get("configuration").has("tracingConfig"));
        assertFalse(ci.get("configuration").has("timeout"));
        assertFalse(ci.has("supplementaryConfiguration"));
        assertFalse(ci.has("tags"));
    }

    @Test
    void schemaProblemsUseTheRegistryValidatorWording() throws Exception {
        List<String> p = ConfigurationItems.schemaProblems("AWS::Lambda::Function",
                Json.MAPPER.readTree("{\"MemorySize\":\"256\",\"TracingConfig\":{\"Mode\":1},\"VpcConfig\":{\"Ipv6AllowedForDualStack\":\"true\"}}"));
        assertTrue(p.contains("#: required key [Code] not found"));
        assertTrue(p.contains("#: required key [Role] not found"));
        assertTrue(p.contains("#/MemorySize: expected type: Integer, found: String"));
        assertTrue(p.contains("#/TracingConfig/Mode: expected type: String, found: Integer"));
        assertTrue(p.contains("#/VpcConfig/Ipv6AllowedForDualStack: expected type: Boolean, found: String"));
        assertTrue(ConfigurationItems.schemaProblems("AWS::S3::Bucket", Json.MAPPER.readTree("{}")).isEmpty());
    }

    @Test
    void otherTypesGetLowerCamelConfiguration() throws Exception {
        JsonNode ci = ConfigurationItems.translate("AWS::S3::Bucket", "B",
                Json.MAPPER.readTree("{\"BucketName\":\"b\",\"VersioningConfiguration\":{\"Status\":\"Enabled\"},\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}"));
        assertEquals("b", ci.at("/configuration/bucketName").asText());
        assertEquals("Enabled", ci.at("/configuration/versioningConfiguration/Status").asText());
        assertEquals("v", ci.at("/tags/k").asText());
        assertEquals("kmsKeyArn", ConfigurationItems.lowerCamel("KMSKeyArn").equals("kmsKeyArn") ? "kmsKeyArn" : ConfigurationItems.lowerCamel("KMSKeyArn"));
    }
}
