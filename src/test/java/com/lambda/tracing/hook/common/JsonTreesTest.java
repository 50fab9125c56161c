package com.lambda.tracing.hook.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class JsonTreesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scalarsAsTextTurnsEveryNumberAndBooleanIntoTextAndLeavesTheOriginalAlone() throws Exception {
        JsonNode original = JSON.readTree("{\"a\":1,\"b\":[true,2.5,{\"c\":null,\"d\":\"x\"}],\"e\":{}}");
        String before = original.toString();

        JsonNode copy = JsonTrees.scalarsAsText(original);

        assertEquals("{\"a\":\"1\",\"b\":[\"true\",\"2.5\",{\"c\":null,\"d\":\"x\"}],\"e\":{}}", copy.toString());
        assertEquals(before, original.toString());
    }

    @Test
    void mapChildrenKeepsTheOrderAndTouchesOnlyTheFirstLevel() throws Exception {
        JsonNode original = JSON.readTree("{\"z\":\"a\",\"y\":[\"b\"],\"x\":\"c\"}");

        JsonNode copy = JsonTrees.mapChildren(original, n -> n.isTextual() ? TextNode.valueOf(n.asText() + "!") : n);

        assertEquals("{\"z\":\"a!\",\"y\":[\"b\"],\"x\":\"c!\"}", copy.toString());
        assertEquals("[\"b!\"]", JsonTrees.mapChildren(original.get("y"),
                n -> TextNode.valueOf(n.asText() + "!")).toString());
        assertEquals(TextNode.valueOf("t"), JsonTrees.mapChildren(TextNode.valueOf("t"), n -> null));
    }
}
