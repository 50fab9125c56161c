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

    @Test
    void theSchemaCheckFollowsTheSchemaIntoListsAndNestedObjects() throws Exception {
        List<String> p = ConfigurationItems.schemaProblems("AWS::Lambda::Function", Json.MAPPER.readTree(
                "{\"Code\":{\"ZipFile\":7},\"Role\":\"r\",\"Tags\":[{\"Key\":\"a\",\"Value\":1}],\"Layers\":[\"l\",2],"
                        + "\"Environment\":{\"Variables\":{\"N\":1}},\"Unknown\":1,\"PublishToLatestPublished\":\"yes\"}"));
        assertEquals(List.of("#/Code/ZipFile: expected type: String, found: Integer",
                "#/Layers/1: expected type: String, found: Integer",
                "#/PublishToLatestPublished: expected type: Boolean, found: String",
                "#/Tags/0/Value: expected type: String, found: Integer"), p);
    }
}
