package com.lambda.tracing.hook.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CloudFormation → configuration-item table of doc/configuration-item-mapping.md, row by row. */
class ConfigurationItemsTest {

    @Test
    void everyRowOfTheTableLandsWhereDesignSays() throws Exception {
        String props = "{\"FunctionName\":\"orders\",\"Runtime\":\"python3.13\",\"Role\":\"arn:r\",\"Handler\":\"h\","
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
        JsonNode ci = ConfigurationItems.translate("AWS::Lambda::Function", "Orders", Json.MAPPER.readTree(props));
        assertEquals("AWS::Lambda::Function", ci.get("resourceType").asText());
        assertEquals("Orders", ci.get("resourceId").asText());
        assertEquals("orders", ci.get("resourceName").asText());
        JsonNode c = ci.get("configuration");
        assertEquals("orders", c.get("functionName").asText());
        assertEquals("python3.13", c.get("runtime").asText());
        assertEquals("arn:r", c.get("role").asText());
        assertEquals("h", c.get("handler").asText());
        assertEquals("d", c.get("description").asText());
        assertTrue(c.get("timeout").isInt());
        assertEquals(512, c.get("memorySize").asInt());
        assertEquals("Active", c.at("/tracingConfig/mode").asText());
        assertEquals("subnet-1", c.at("/vpcConfig/subnetIds/0").asText());
        assertEquals("sg-1", c.at("/vpcConfig/securityGroupIds/0").asText());
        assertTrue(c.at("/vpcConfig/ipv6AllowedForDualStack").booleanValue());
        assertEquals("arn:q", c.at("/deadLetterConfig/targetArn").asText());
        assertEquals("arn:k", c.get("kmskeyArn").asText());
        assertFalse(c.has("kmsKeyArn"));
        assertEquals("1", c.at("/environment/variables/A").asText());
        assertEquals("arn:l2", c.at("/layers/1/arn").asText());
        assertEquals("arm64", c.at("/architectures/0").asText());
        assertEquals("Zip", c.get("packageType").asText());
        assertEquals(1024, c.at("/ephemeralStorage/size").asInt());
        assertEquals("arn:fs", c.at("/fileSystemConfigs/0/arn").asText());
        assertEquals("/mnt/x", c.at("/fileSystemConfigs/0/localMountPath").asText());
        assertEquals("e", c.at("/imageConfigResponse/imageConfig/entryPoint/0").asText());
        assertEquals("c", c.at("/imageConfigResponse/imageConfig/command/0").asText());
        assertEquals("/w", c.at("/imageConfigResponse/imageConfig/workingDirectory").asText());
        assertEquals("JSON", c.at("/loggingConfig/logFormat").asText());
        assertEquals("INFO", c.at("/loggingConfig/applicationLogLevel").asText());
        assertEquals("WARN", c.at("/loggingConfig/systemLogLevel").asText());
        assertEquals("g", c.at("/loggingConfig/logGroup").asText());
        assertEquals("arn:csc", c.get("codeSigningConfigArn").asText());
        assertEquals("PublishedVersions", c.at("/snapStart/applyOn").asText());
        assertEquals(7, ci.at("/supplementaryConfiguration/Concurrency/reservedConcurrentExecutions").asInt());
        assertEquals("payments", ci.at("/tags/team").asText());
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
