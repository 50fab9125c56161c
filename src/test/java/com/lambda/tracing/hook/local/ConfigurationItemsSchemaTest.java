package com.lambda.tracing.hook.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.lambda.tracing.hook.common.LambdaFunctionSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration-item table and the endpoint's schema check agree with the AWS::Lambda::Function schema. */
class ConfigurationItemsSchemaTest {
    /** A row naming a property the schema does not have would translate nothing, silently. */
    @Test
    void everyMappedPropertyIsInTheSchema() {
        List<String> unknown = new ArrayList<>();
        for (ConfigurationItems.Mapping m : ConfigurationItems.LAMBDA) {
            String path = m.cfnPath().replace("[]", ".*");
            if (!LambdaFunctionSchema.bundled().types().containsKey(path)) {
                unknown.add(m.cfnPath());
            }
        }
        assertEquals(List.of(), unknown, "rows of ConfigurationItems.LAMBDA that the registry schema does not have");
    }

    private static List<String> lambdaProblems(String properties) throws Exception {
        return ConfigurationItems.schemaProblems("AWS::Lambda::Function", Json.MAPPER.readTree(properties));
    }

    @Test
    void theSchemaCheckFollowsTheSchemaIntoListsAndNestedObjects() throws Exception {
        List<String> p = lambdaProblems(
                "{\"Code\":{\"ZipFile\":7},\"Role\":\"r\",\"Tags\":[{\"Key\":\"a\",\"Value\":1}],\"Layers\":[\"l\",2],"
                        + "\"Environment\":{\"Variables\":{\"N\":1}},\"Unknown\":1,\"PublishToLatestPublished\":\"yes\"}");
        assertEquals(List.of("#/Code/ZipFile: expected type: String, found: Integer",
                "#/Layers/1: expected type: String, found: Integer",
                "#/PublishToLatestPublished: expected type: Boolean, found: String",
                "#/Tags/0/Value: expected type: String, found: Integer"), p);
    }

    /**
     * The registry schema decides through the plugin's validator: required properties of nested definitions count
     * too, while what only CloudFormation itself checks (patterns, enums, unknown keys) is left to it, so a
     * placeholder Role does not stop the rules.
     */
    @Test
    void requiredAndTypesComeFromTheRegistrySchemaAtAnyDepthAndNothingElse() throws Exception {
        List<String> p = lambdaProblems("{\"Role\":\"placeholder\",\"Tags\":[{\"Value\":\"v\"}],\"SnapStart\":{\"ApplyOn\":1},"
                        + "\"TracingConfig\":{\"Mode\":\"Sometimes\"},\"Newer\":true,\"Timeout\":null}");
        assertEquals(List.of("#/SnapStart/ApplyOn: expected type: String, found: Integer",
                "#/Tags/0: required key [Key] not found",
                "#: required key [Code] not found"), p);
        assertEquals(List.of(), lambdaProblems("{\"Code\":{\"ZipFile\":\"x\"},\"Role\":\"arn:aws:iam::123456789012:role/r\","
                + "\"MemorySize\":512}"));
        assertEquals(List.of(), ConfigurationItems.schemaProblems("AWS::SQS::Queue", Json.MAPPER.readTree("{\"x\":1}")));
    }
}
